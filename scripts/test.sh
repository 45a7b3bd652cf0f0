#!/usr/bin/env bash
# The suite: every test on SQLite, then the tests marked `pg` again on PostgreSQL when one
# answers at 127.0.0.1:5432.
#
# Which tests run where, and why:
# - SQLite runs everything, browser tests included: the default database of a fresh machine.
# - PostgreSQL runs the tests whose outcome depends on the database (`@pytest.mark.pg`): the
#   rollup and the indicators' SQL over tree paths and months, concurrent writers and locks
#   (select_for_update, advisory locks, the portal's counters), the imports (bulk writes in
#   chunks, the job queue), raw SQL over the tables (no identity in clear), migrations,
#   backup and restore, and the fuzz test of the API. The rest (pages, forms, scoping,
#   permissions, wording) goes through the ORM alone and gives the same answer on both.
# Both passes run on ANTQ_TEST_WORKERS pytest-xdist workers (default 2; 0 runs in one
# process), each with its own var/xdist-gwN folder and test database.
# Arguments go to both passes (then PostgreSQL runs what they select, not only `pg`).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
bash scripts/ensure_system.sh --browser || exit 1
"$BIN/antq" compilemessages -v0 --ignore=.venv --ignore=node_modules || exit 1
"$BIN/ruff" check antq bench || exit 1

PG_URL="${ANTQ_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
WORKERS=(-n "${ANTQ_TEST_WORKERS:-2}")
echo "== antq tests on SQLite"
SECONDS=0
env -u DATABASE_URL "$BIN/pytest" "${WORKERS[@]}" "$@"
sqlite_rc=$?
echo "== SQLite: ${SECONDS} s"

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
  echo "== antq tests marked pg on PostgreSQL ($PG_URL)"
  pg_args=("$@")
  [ $# -eq 0 ] && pg_args=(-m "pg and not browser")
  SECONDS=0
  ANTQ_DB_CONN_MAX_AGE=0 DATABASE_URL="$PG_URL" "$BIN/pytest" "${WORKERS[@]}" "${pg_args[@]}"
  pg_rc=$?
  echo "== PostgreSQL: ${SECONDS} s"
else
  echo "antq: the suite ran on SQLite only; start PostgreSQL (127.0.0.1:5432, database test) to run the pg tests there too."
fi
[ "$sqlite_rc" = 0 ] && [ "$pg_rc" = 0 ]
