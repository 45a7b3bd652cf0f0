#!/usr/bin/env bash
# Benchmarks live in bench/; each prints ratios against a naive baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
benches=(bench/bench_*.py)
if [ ${#benches[@]} -eq 0 ]; then
  echo "antq: no benchmarks yet in bench/"
  exit 0
fi
for b in "${benches[@]}"; do
  echo "== $b"
  .venv/bin/python "$b"
done
