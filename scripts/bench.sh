#!/usr/bin/env bash
# Benchmarks (bench/): each prints its figures as ratios against a naive baseline measured in
# the same run, and writes bench/results/<name>-<backend>.json. SQLite always; PostgreSQL when
# one answers at 127.0.0.1:5432 (ANTQ_BENCH_PG_URL overrides the admin connection).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${ANTQ_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
backends=(sqlite)
if "$BIN/python" -c "import sys, psycopg; psycopg.connect(sys.argv[1].replace('postgres://', 'postgresql://'), connect_timeout=3).close()" "$PG_URL" 2>/dev/null; then
  backends+=(postgresql)
else
  echo "antq: PostgreSQL is not reachable at $PG_URL; benchmarking SQLite only."
fi
for backend in "${backends[@]}"; do
  echo "== camera-site import, $backend"
  "$BIN/python" bench/bench_import.py --backend "$backend" "$@"
done
# the load test of the public intake; on PostgreSQL it creates and drops its own database,
# antq_bench_portal
for backend in "${backends[@]}"; do
  echo "== public intake load test, $backend"
  ANTQ_BENCH_PG_URL="$PG_URL" "$BIN/python" bench/bench_portal.py --backend "$backend"
done
