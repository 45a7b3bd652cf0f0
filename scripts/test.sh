#!/usr/bin/env bash
# The whole suite on SQLite, then again on PostgreSQL when one answers at 127.0.0.1:5432
# (all but the browser tests there).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
bash scripts/ensure_system.sh --browser || exit 1
"$BIN/antq" compilemessages -v0 --ignore=.venv --ignore=node_modules || exit 1
"$BIN/ruff" check antq antq_demo bench || exit 1

PG_URL="${ANTQ_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
echo "== antq tests on SQLite"
env -u DATABASE_URL "$BIN/pytest" "$@"
sqlite_rc=$?

pg_rc=0
if "$BIN/python" - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
except Exception as exc:
    print(f"antq: PostgreSQL is not reachable at {sys.argv[1]} ({exc.__class__.__name__}).")
    sys.exit(1)
PY
then
  echo "== antq tests on PostgreSQL ($PG_URL)"
  # The browser tests check pages, not the database; they ran on SQLite above.
  pg_args=("$@")
  [ $# -eq 0 ] && pg_args=(-m "not browser")
  ANTQ_DB_CONN_MAX_AGE=0 DATABASE_URL="$PG_URL" "$BIN/pytest" "${pg_args[@]}"
  pg_rc=$?
else
  echo "antq: the suite ran on SQLite only; start PostgreSQL (127.0.0.1:5432, database test) to run it there too."
fi
[ "$sqlite_rc" = 0 ] && [ "$pg_rc" = 0 ]
