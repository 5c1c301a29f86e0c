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
# The fuzzer logs in far more often than a person; login throttling has its own test.
export COOPCASE_RATE_LIMIT_LOGIN_BURST=100000 COOPCASE_RATE_LIMIT_LOGIN_PER_MINUTE=100000
bin=$(swift build --show-bin-path)/coopcase
[ -x "$bin" ] || swift build --product coopcase
"$bin" migrate >/dev/null
password=$("$bin" demo seed --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["passwords"]["admin"])')
"$bin" serve >"$COOPCASE_PG_DATA/../fuzz-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
source bench/common.sh
bench_wait_ready "$port"
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/sessions" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
curl -sf -X POST "http://127.0.0.1:$port/v1/users" -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d '{"username":"fuzz.admin","displayName":"Fuzz","role":"admin","password":"a long fuzzing password"}' >/dev/null
second=$(curl -sf -X POST "http://127.0.0.1:$port/v1/sessions" -H 'content-type: application/json' \
  -d '{"username":"fuzz.admin","password":"a long fuzzing password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
checks=not_a_server_error,response_schema_conformance,content_type_conformance,response_headers_conformance
# Logging out and disabling users would pull the fuzzer's own token out from under it: they run in a
# second pass with a token of their own.
schemathesis run "http://127.0.0.1:$port/openapi.yaml" --checks "$checks" \
  --exclude-operation-id deleteCurrentSession --exclude-operation-id disableUser \
  --header "Authorization: Bearer $token" --max-examples "$examples" --seed 20261129 --request-timeout 10 --no-color
schemathesis run "http://127.0.0.1:$port/openapi.yaml" --checks "$checks" \
  --include-operation-id deleteCurrentSession --include-operation-id disableUser \
  --header "Authorization: Bearer $second" --max-examples "$examples" --seed 20261129 --request-timeout 10 --no-color
# What a client library would never send (raw bytes over a socket): the same server, still serving afterwards.
python3 scripts/http_edges.py "$port"
