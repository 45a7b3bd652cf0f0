#!/usr/bin/env bash
# Fuzz the API as a client sees it: a fresh database with the areas and the demo data, gunicorn
# on a local port, and schemathesis over /api/v1/openapi.json as the administrator, checking that
# no answer is a 5xx and every answer matches its schema. ANTQ_FUZZ_EXAMPLES sets the budget per
# operation (default 100); the suite's own test (antq/core/tests/test_fuzz.py) runs 3. Then the
# suite's property tests with the "thorough" Hypothesis profile (antq/core/testing/hypothesis_profiles.py).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/.venv/bin
PORT=${ANTQ_FUZZ_PORT:-8765}
WORK=$(mktemp -d)
SERVER=
cleanup() {
    if [[ -n $SERVER ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
export ANTQ_VAR_DIR=$WORK DATABASE_URL=sqlite:///$WORK/fuzz.sqlite3
export ANTQ_ADMIN_PASSWORD=fuzz-admin-pass-1 ANTQ_DEMO_PASSWORD=fuzz-demo-pass-1
"$BIN/antq" migrate --noinput -v0
"$BIN/antq" load-areas >/dev/null
"$BIN/antq" createadmin >/dev/null
"$BIN/antq" demo
"$BIN/gunicorn" antq.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --threads 2 \
    --error-logfile "$WORK/server.log" &
SERVER=$!
BASE=http://127.0.0.1:$PORT
for _ in $(seq 50); do curl -fs -o /dev/null "$BASE/api/v1/openapi.json" && break; sleep 0.2; done
# the administrator's token needs a code of the second factor: a recovery code from the server
OTP=$("$BIN/antq" recovery-code --username admin)
TOKEN=$(curl -fs -X POST -H 'content-type: application/json' \
    -d "{\"username\": \"admin\", \"password\": \"$ANTQ_ADMIN_PASSWORD\", \"otp\": \"$OTP\"}" \
    "$BASE/api/v1/auth/token" \
    | "$BIN/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])')
status=0
# from var/fuzz: schemathesis writes a reproduction of each failure there (schemathesis replay)
mkdir -p var/fuzz
(cd var/fuzz && "$BIN/schemathesis" run "$BASE/api/v1/openapi.json" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,response_schema_conformance \
    --max-examples "${ANTQ_FUZZ_EXAMPLES:-100}" --workers 2) || status=$?
if [[ $status -ne 0 && -s $WORK/server.log ]]; then
    echo "--- server errors"; tail -n 100 "$WORK/server.log"
fi
env -u DATABASE_URL -u ANTQ_VAR_DIR ANTQ_HYPOTHESIS_PROFILE=thorough "$BIN/pytest" -m hypothesis || status=1
exit $status
