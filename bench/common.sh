# Shared by the bench/ scripts (sourced after scripts/postgres.sh and start_postgres).

# bench_database NAME: a fresh, empty product database; exports the URLs `coopcase` reads.
bench_database() {
  local db=$1
  psql_admin -d postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  ensure_product_database "$db" >/dev/null
  export COOPCASE_DATABASE_URL="postgres://coopcase_app@127.0.0.1:$COOPCASE_PG_PORT/$db"
  export COOPCASE_MIGRATION_DATABASE_URL="postgres://coopcase_owner@127.0.0.1:$COOPCASE_PG_PORT/$db"
}

# bench_unthrottled: load generators log in and read far more often than people; throttling has its own tests.
bench_unthrottled() {
  local limit
  for limit in GENERAL LOGIN STATUS; do
    export COOPCASE_RATE_LIMIT_${limit}_BURST=100000000 COOPCASE_RATE_LIMIT_${limit}_PER_MINUTE=100000000
  done
}

# bench_wait_ready PORT: waits (at most 60 s, for a busy machine) for a server's readiness.
bench_wait_ready() {
  local _
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return 0; sleep 0.2; done
  say "error: the server on port $1 did not become ready"
  return 1
}

# bench_need_wrk: installs wrk when missing (CI machines start bare).
bench_need_wrk() {
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
}

# bench_product DB PORT WORK: the release `coopcase` as $coopcase, a fresh migrated database DB with the demo
# data (the demo users' passwords in WORK/passwords.json), and the settings a server on PORT reads.
bench_product() {
  swift build -c release --product coopcase >/dev/null
  coopcase=$(swift build -c release --show-bin-path)/coopcase
  bench_database "$1"
  bench_unthrottled
  export COOPCASE_HTTP_PORT=$2 COOPCASE_LOG_LEVEL=error
  "$coopcase" migrate >/dev/null
  "$coopcase" demo seed --json >"$3/passwords.json"
}

# bench_field FILE KEY: one field of the JSON that bench/prepare.py writes (tokens, the programme's code).
bench_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# The recommendation the transition benchmarks send, each on its own application.
BENCH_RECOMMENDATION='{"recommendation":"award","amount":10000000,"reason":"Đủ điều kiện"}'
