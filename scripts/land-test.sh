#!/usr/bin/env bash
# Runs `npm test` on this branch's HEAD in a scratch worktree (/tmp/land-<branch>),
# so the working tree can keep changing while the suite runs. Log: /tmp/land-<branch>.log
set -uo pipefail
cd "$(dirname "$0")/.."
b=$(git rev-parse --abbrev-ref HEAD)
d=/tmp/land-$b
[ -d "$d" ] || { git worktree add --detach "$d" HEAD >/dev/null 2>&1; ln -sfn "$(readlink -f node_modules)" "$d/node_modules"; }
git -C "$d" checkout -q --detach "$(git rev-parse HEAD)"
(cd "$d" && npm test) > "/tmp/land-$b.log" 2>&1
rc=$?
echo "rc=$rc $(git rev-parse --short HEAD)" >> "/tmp/land-$b.log"
exit $rc
