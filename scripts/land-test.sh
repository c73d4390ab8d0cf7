#!/usr/bin/env bash
# Runs `npm test` on a commit (default HEAD) in a scratch worktree (/tmp/land-<branch>),
# so the working tree can keep changing while the suite runs. Log: /tmp/land-<branch>.log
set -uo pipefail
cd "$(dirname "$0")/.."
b=$(git rev-parse --abbrev-ref HEAD)
ref=$(git rev-parse "${1:-HEAD}")
d=/tmp/land-$b
[ -d "$d" ] || { git worktree add --detach "$d" "$ref" >/dev/null 2>&1; ln -sfn "$(readlink -f node_modules)" "$d/node_modules"; }
git -C "$d" checkout -q --detach "$ref"
(cd "$d" && npm test) > "/tmp/land-$b.log" 2>&1
rc=$?
echo "rc=$rc $(git rev-parse --short "$ref")" >> "/tmp/land-$b.log"
exit $rc
