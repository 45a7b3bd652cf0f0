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
# - SQLite makes its test databases from the models (`--no-migrations`, then the catalogues the
#   data migrations write: antq/conftest.py); PostgreSQL applies every migration, so the
#   migrations, and the tests that read them (marked `migrations`), are proven there.
# Both passes run on ANTQ_TEST_WORKERS pytest-xdist workers (default 2; 0 runs in one
# process), each with its own var/xdist-gwN folder and test database.
# Arguments go to both passes (then PostgreSQL runs what they select, not only `pg`).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
bash scripts/ensure_system.sh --browser || exit 1
"$BIN/antq" compilemessages -v0 --ignore=.venv --ignore=node_modules || exit 1
"$BIN/ruff" check antq antq_demo bench || exit 1

# CPU seconds the tests used so far (this shell's children), into CPU: on a shared machine a
# fairer measure than the wall clock. Not `$(...)`: `times` there counts that subshell's only.
cpu_seconds() {
  local t; t=$(mktemp); times >"$t"
  CPU=$(awk 'NR == 2 { gsub(/[ms]/, " "); printf "%.0f", $1 * 60 + $2 + $3 * 60 + $4 }' "$t")
  rm -f "$t"
}

PG_URL="${ANTQ_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
WORKERS=(-n "${ANTQ_TEST_WORKERS:-2}")
echo "== antq tests on SQLite"
SECONDS=0; cpu_seconds; start=$CPU
env -u DATABASE_URL "$BIN/pytest" "${WORKERS[@]}" --no-migrations "$@"
sqlite_rc=$?
cpu_seconds; echo "== SQLite: ${SECONDS} s, $((CPU - start)) CPU-s"

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
  SECONDS=0; cpu_seconds; start=$CPU
  ANTQ_DB_CONN_MAX_AGE=0 DATABASE_URL="$PG_URL" "$BIN/pytest" "${WORKERS[@]}" "${pg_args[@]}"
  pg_rc=$?
  cpu_seconds; echo "== PostgreSQL: ${SECONDS} s, $((CPU - start)) CPU-s"
else
  echo "antq: the suite ran on SQLite only; start PostgreSQL (127.0.0.1:5432, database test) to run the pg tests there too."
fi
[ "$sqlite_rc" = 0 ] && [ "$pg_rc" = 0 ]
