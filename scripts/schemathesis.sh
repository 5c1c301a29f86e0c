#!/usr/bin/env bash
# Fuzzes the live server against its own contract (/openapi.yaml) with schemathesis: no 5xx, and every
# response must match the schema. Uses the project's PostgreSQL (started by scripts/test) and a throwaway
# database with the demo data. Bounded: a fixed number of examples per operation. Then scripts/http_edges.py sends
# the same server what schemathesis cannot: bodies streamed past their limit, malformed chunks, over-long forms.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
start_postgres
port=${COOPCASE_FUZZ_PORT:-$(free_port)}
examples=${COOPCASE_FUZZ_EXAMPLES:-40}
# Another seed explores other inputs: COOPCASE_FUZZ_SEED=… scripts/schemathesis.sh
if ! command -v schemathesis >/dev/null 2>&1; then
  say "Installing schemathesis from PyPI…"
  python3 -m pip install -q schemathesis
fi
psql_admin -d postgres -q -c "DROP DATABASE IF EXISTS coopcase_fuzz WITH (FORCE)"
ensure_product_database coopcase_fuzz
export COOPCASE_DATABASE_URL="postgres://coopcase_app@127.0.0.1:$COOPCASE_PG_PORT/coopcase_fuzz"
export COOPCASE_MIGRATION_DATABASE_URL="postgres://coopcase_owner@127.0.0.1:$COOPCASE_PG_PORT/coopcase_fuzz"
# Demo passwords at the lowest bcrypt cost: seeding stays quick (login timing has its own test).
export COOPCASE_AUTH_BCRYPT_COST=4
export COOPCASE_HTTP_PORT=$port COOPCASE_LOG_LEVEL=error
# The fuzzer logs in and calls far more often than a person; throttling has its own tests.
export COOPCASE_RATE_LIMIT_LOGIN_BURST=100000 COOPCASE_RATE_LIMIT_LOGIN_PER_MINUTE=100000
export COOPCASE_RATE_LIMIT_GENERAL_BURST=100000 COOPCASE_RATE_LIMIT_GENERAL_PER_MINUTE=1000000
export COOPCASE_RATE_LIMIT_STATUS_BURST=100000 COOPCASE_RATE_LIMIT_STATUS_PER_MINUTE=1000000
bin=$(swift build --show-bin-path)/coopcase
[ -x "$bin" ] || swift build --product coopcase
"$bin" migrate >/dev/null
passwords=$("$bin" demo seed --json)
password_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["passwords"][sys.argv[1]])' "$1" <<<"$passwords"; }
"$bin" serve >"$COOPCASE_PG_DATA/../fuzz-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
source bench/common.sh
bench_wait_ready "$port"
login() {
  curl -sf -X POST "http://127.0.0.1:$port/v1/sessions" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
admin=$(login admin "$(password_of admin)")
officer=$(login canbo.hoa "$(password_of canbo.hoa)")
curl -sf -X POST "http://127.0.0.1:$port/v1/users" -H "authorization: Bearer $admin" -H 'content-type: application/json' \
  -d '{"username":"fuzz.admin","displayName":"Fuzz","role":"admin","password":"a long fuzzing password"}' >/dev/null
second=$(login fuzz.admin "a long fuzzing password")
COOPCASE_FUZZ_REF=$(curl -sf "http://127.0.0.1:$port/v1/applications?state=underReview&limit=1" \
  -H "authorization: Bearer $officer" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["reference"])')
export COOPCASE_FUZZ_REF
# Every check, in the positive phase (valid requests must be accepted) and the negative one (requests that break
# the contract must be refused with a 4xx and change nothing). Logging out and disabling users would pull the
# fuzzer's own token out from under it: they run in a last pass with a token of their own.
fuzz() {
  schemathesis --config-file scripts/schemathesis.toml run "http://127.0.0.1:$port/openapi.yaml" --checks all --phases examples,coverage,fuzzing \
    --header "Authorization: Bearer $1" --max-examples "$examples" --seed "${COOPCASE_FUZZ_SEED:-20261129}" --request-timeout 10 --no-color \
    "${@:2}"
}
say "schemathesis as an officer…"
fuzz "$officer" --exclude-operation-id deleteCurrentSession --exclude-operation-id disableUser
say "schemathesis as an admin…"
fuzz "$admin" --exclude-operation-id deleteCurrentSession --exclude-operation-id disableUser
fuzz "$second" --include-operation-id deleteCurrentSession --include-operation-id disableUser
# What a client library would never send (raw bytes over a socket): the same server, still serving afterwards.
python3 scripts/http_edges.py "$port"
