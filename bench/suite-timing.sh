#!/usr/bin/env bash
# Times ./test.sh on fresh clones of two commits, alternated (before, after, before, after, ...), so that a noisy
# machine hurts both alike. Usage: bench/suite-timing.sh BEFORE AFTER [ROUNDS]. Prints one line per run.
set -u
before=$1 after=$2 rounds=${3:-2}
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
for round in $(seq 1 "$rounds"); do
  for rev in "$before" "$after"; do
    dir=$(mktemp -d /tmp/suite-timing-XXXX)
    git clone -q "$repo" "$dir" && git -C "$dir" checkout -q "$rev"
    start=$(date +%s)
    (cd "$dir" && CI=true ./test.sh >"$dir.log" 2>&1)
    status=$?
    echo "round $round  $rev  exit $status  $(( $(date +%s) - start )) s  $(grep -E '^[0-9]+ passed' "$dir.log" | tail -1)"
    rm -rf "$dir"
  done
done
