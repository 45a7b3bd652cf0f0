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
# import bombs against normal files of the same size, through the import's reading path (no
# database): bench/results/import-bombs.json
echo "== import bombs"
"$BIN/python" bench/bench_import_bombs.py
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
# the rollup's cost of one write by what its village already holds, and concurrent writers
# with the rollup on against off (PostgreSQL): bench/results/leaf-write-*.json, writes-*.json
for backend in "${backends[@]}"; do
  echo "== one write by leaf size, $backend"
  ANTQ_BENCH_PG_URL="$PG_URL" "$BIN/python" bench/bench_leaf_write.py --backend "$backend"
done
if [[ " ${backends[*]} " == *" postgresql "* ]]; then
  echo "== concurrent writers, postgresql"
  ANTQ_BENCH_PG_URL="$PG_URL" "$BIN/python" bench/bench_writes.py
fi
# five years (2019–2023) of a former province's past through the imports, 1,000,000 rows under
# its former communes, with the fold and the rollup's check, against the import path before it
# wrote by COPY and gathered the rollup's deltas per file (PostgreSQL; its own database,
# antq_bench_backfill): bench/results/backfill-postgresql.json
if [[ " ${backends[*]} " == *" postgresql "* ]]; then
  echo "== backfill of a province's past, postgresql"
  ANTQ_BENCH_PG_URL="$PG_URL" "$BIN/python" bench/bench_backfill.py --backend postgresql
fi
# a province's report on the demo data, DOCX against Markdown of the same report (its own
# database: var/bench-report/ on SQLite, antq_bench_report on PostgreSQL, loaded once):
# bench/results/report-<backend>.json
for backend in "${backends[@]}"; do
  echo "== a province's report, DOCX against Markdown, $backend"
  ANTQ_BENCH_PG_URL="$PG_URL" "$BIN/python" bench/bench_report.py --backend "$backend"
done
# the national benchmark (bench/bench_national.py): the synthetic national dataset at
# ANTQ_BENCH_SCALE (default 1.0: Vietnam, >10 million records), generated once into its own
# database (var/bench-national/ on SQLite, antq_bench_national on PostgreSQL) and reused while
# scale and seed stay the same; DuckDB (the optional [bench] extra) times the columnar reference
"$BIN/pip" install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev,bench]"
SCALE="${ANTQ_BENCH_SCALE:-1.0}"
for backend in "${backends[@]}"; do
  echo "== national benchmark, scale $SCALE, $backend"
  ANTQ_BENCH_PG_URL="$PG_URL" "$BIN/python" bench/bench_national.py --backend "$backend" \
    --scale "$SCALE" ${ANTQ_BENCH_REPEAT:+--repeat "$ANTQ_BENCH_REPEAT"}
done
# a record list at scale (bench/bench_lists.py): the camera-site list's first and a deep page,
# for a national and a commune user, as ratios to their SQL time, on the same national dataset
for backend in "${backends[@]}"; do
  echo "== list pages, scale $SCALE, $backend"
  ANTQ_BENCH_PG_URL="$PG_URL" "$BIN/python" bench/bench_lists.py --backend "$backend" \
    --scale "$SCALE" ${ANTQ_BENCH_REPEAT:+--repeat "$ANTQ_BENCH_REPEAT"}
done

# the dashboard page whole (GET /dashboard/) for the national user, on the same national dataset,
# against its own reads measured in the same run: bench/results/dashboard-<backend>*.json
for backend in "${backends[@]}"; do
  echo "== dashboard page, scale $SCALE, $backend"
  ANTQ_BENCH_PG_URL="$PG_URL" "$BIN/python" bench/bench_dashboard.py --backend "$backend" \
    --scale "$SCALE" ${ANTQ_BENCH_REPEAT:+--repeat "$ANTQ_BENCH_REPEAT"}
done
