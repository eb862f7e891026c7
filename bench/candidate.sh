#!/usr/bin/env bash
# Builds a throw-away copy of the committed tree (HEAD) with patches applied, for an A/B run of the broker
# benchmark, and prints the CLI to pass to `bench/broker.ts --candidate`. Nothing in the working tree changes.
#
#   bash bench/candidate.sh [--bundle] [PATCH...]    e.g. bash bench/candidate.sh my-change.patch
#
# --bundle: also compile the CLI into one ESM file with esbuild (dependencies stay external) and print that.
# Without it the copy's bin/spillway.js compiles itself on first use, as the real one does (bin/compiled.js).
# The copy lives in ${TMPDIR:-/tmp}/spillway-candidate.XXXXXX; remove it when done.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle=false
if [[ "${1:-}" == --bundle ]]; then
  bundle=true
  shift
fi
dir="$(mktemp -d "${TMPDIR:-/tmp}/spillway-candidate.XXXXXX")"
git -C "$repo" archive HEAD lib bin package.json tsconfig.json | tar -x -C "$dir"
ln -s "$repo/node_modules" "$dir/node_modules"
for patch in "$@"; do
  (cd "$dir" && patch -p1 -s --no-backup-if-mismatch) <"$patch" || {
    rm -rf "$dir"
    echo "candidate.sh: $patch does not apply to HEAD" >&2
    exit 1
  }
  echo "applied $patch" >&2
done
if $bundle; then
  printf "import { main } from './lib/cli/main';\nprocess.exitCode = await main(process.argv);\n" >"$dir/entry.ts"
  "$repo/node_modules/.bin/esbuild" "$dir/entry.ts" --bundle --platform=node --format=esm --target=node20 \
    --packages=external --log-level=warning --outfile="$dir/spillway.mjs"
  echo "$dir/spillway.mjs"
else
  echo "$dir/bin/spillway.js"
fi
