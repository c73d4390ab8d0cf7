#!/usr/bin/env bash
# Behaviour check for refactors: builds a baseline commit (default: where this
# branch last met main, `git merge-base HEAD main`) in a temporary worktree,
# runs every example scenario (plus one `compare` and an `optimize` per family) with the baseline and with
# this tree, and fails unless each report.json (and optimize.json) is byte-identical.
#
#   scripts/check-identical.sh [baseline-ref]
#   SKIP_PERF=1 scripts/check-identical.sh     # skip scenarios/perf-20m.json (slow)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
ref=${1:-$(git merge-base HEAD main)}
sha=$(git rev-parse --short "$ref")
base=/tmp/base-$sha
if [ ! -f "$base/dist/src/bin.js" ]; then
  git worktree remove --force "$base" 2>/dev/null || rm -rf "$base"
  git worktree add --detach "$base" "$sha" >/dev/null
  ln -sfn "$(readlink -f node_modules)" "$base/node_modules"
  (cd "$base" && npx tsc -p tsconfig.json)
fi
npx tsc -p tsconfig.json
# what bin.js runs after a full build: the bundle of the compiled CLI (scripts/build-cli.mjs)
node scripts/build-cli.mjs >/dev/null
out=$(mktemp -d /tmp/check-identical.XXXXXX)
fail=0
run_both() { # name, then the specsim arguments (without --out)
  local name=$1; shift
  # A scenario only this tree can run (it sets a key the baseline does not know) is new, not different.
  if ! (cd "$base" && node dist/src/bin.js "$@" --out "$out/base-$name" --quiet 2>/dev/null); then echo "new        $name (the baseline cannot run it)"; return 0; fi
  node dist/src/bin.js "$@" --out "$out/new-$name" --quiet
  for j in report.json optimize.json; do
    [ -f "$out/base-$name/$j" ] || continue
    if cmp -s "$out/base-$name/$j" "$out/new-$name/$j"; then echo "identical  $name/$j"
    else echo "DIFFERENT  $name/$j ($out/base-$name/$j vs $out/new-$name/$j)"; fail=1; fi
  done
}
for f in scenarios/*.json; do
  n=$(basename "$f" .json)
  [ "$n" = schema ] && continue
  [ "$n" = perf-20m ] && [ -n "${SKIP_PERF:-}" ] && { echo "skipped    $n"; continue; }
  run_both "$n" run "$here/$f"
done
run_both compare compare --hardware h100-sxm,a100-sxm,groq-lpu --model llama2-7b --method draft,medusa,eagle,ngram --batch 1,8 --requests 16
for eng in sglang vllm hf; do
  run_both "compare-$eng" compare --hardware h100-sxm --model llama2-7b --method draft,eagle,ngram --batch 1,8,40 --requests 16 --engine $eng
done
for fam in draft medusa eagle ngram; do
  run_both "optimize-$fam" optimize --hardware h100-sxm --model llama2-7b --method $fam --batch 1,16 --requests 16
done
[ $fail = 0 ] && rm -rf "$out"
exit $fail
