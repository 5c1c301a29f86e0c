#!/usr/bin/env bash
# Scale: APPLICATIONS synthetic applications (default 1,000,000) with 8–12 events each (10 on average, so
# 10,000,000 events by default), every chain real, loaded in SQL in chunks, vacuumed (as autovacuum keeps a table
# grown over years) and checkpointed, so that neither autovacuum's first pass nor the write-back of eight gigabytes
# lands in the measurements; then query plans, list and status latency over REST and the workspace's queue page
# (wrk, p50/p99) and `coopcase audit verify` at that size.
# COOPCASE_SCALE_REUSE=1 measures again on the database a previous run loaded (same APPLICATIONS), with this
# build: two builds compared on one load. Release build, the project's
# PostgreSQL, database coopcase_scale (kept afterwards for inspection; dropped on the next run).
#   bench/scale.sh [APPLICATIONS] [SECONDS] [CLIENTS]      (defaults 1000000, 10, 1,2,4,8)
# CLIENTS is a comma-separated list: each call is measured at each count, to show up to which load the p99 holds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
source bench/common.sh
start_postgres
count=${1:-1000000}
seconds=${2:-10}
clients=${3:-1,2,4,8}
chunk=50000
port=$(free_port)
bench_need_wrk
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
db=coopcase_scale
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
owner() { "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$COOPCASE_PG_PORT" -U coopcase_owner -d $db "$@"; }
kept=.build/scale-passwords.json
# The demo's own applications come on top of the synthetic ones.
if [ "${COOPCASE_SCALE_REUSE:-0}" = 1 ] && [ -f "$kept" ] \
  && [ "$(psql_admin -d $db -tA -c "SELECT count(*) >= $count FROM applications" 2>/dev/null || echo f)" = t ]; then
  say "Reusing the $count applications loaded before."
  swift build -c release --product coopcase >/dev/null
  coopcase=$(swift build -c release --show-bin-path)/coopcase
  export COOPCASE_DATABASE_URL="postgres://coopcase_app@127.0.0.1:$COOPCASE_PG_PORT/$db"
  export COOPCASE_MIGRATION_DATABASE_URL="postgres://coopcase_owner@127.0.0.1:$COOPCASE_PG_PORT/$db"
  bench_unthrottled
  export COOPCASE_HTTP_PORT=$port COOPCASE_LOG_LEVEL=error
  "$coopcase" migrate >/dev/null
  cp "$kept" "$work/passwords.json"
  load_seconds=0
else
  bench_product $db $port "$work"
  cp "$work/passwords.json" "$kept"
  owner -f bench/scale-setup.sql
  say "Loading $count applications in chunks of $chunk…"
  started=$(date +%s)
  for ((first = 1; first <= count; first += chunk)); do
    last=$(( first + chunk - 1 < count ? first + chunk - 1 : count ))
    PGOPTIONS="-c synchronous_commit=off -c statement_timeout=0 -c work_mem=256MB" \
      owner -v first=$first -v last=$last -f bench/scale.sql
    say "  $last / $count applications ($(( $(date +%s) - started )) s)"
  done
  owner -c "DROP TABLE bench_programmes, bench_applicants, bench_officer" \
    -c "DROP FUNCTION bench_body, bench_luhn, bench_genesis" -c "SET client_min_messages = error" -c "VACUUM (ANALYZE)"
  # The load's and the vacuum's dirty pages written out now, not by a checkpoint in the middle of the measurements.
  psql_admin -d $db -c "CHECKPOINT" >/dev/null
  load_seconds=$(( $(date +%s) - started ))
fi
read -r apps events size < <(psql_admin -d $db -tA -F ' ' -c "SELECT (SELECT count(*) FROM applications),
  (SELECT count(*) FROM application_events), pg_size_pretty(pg_database_size('$db'))")

# The queries behind list and status calls, with their plans.
programme=$(psql_admin -d $db -tA -c "SELECT id FROM programmes ORDER BY code LIMIT 1")
cooperative=$(psql_admin -d $db -tA -c "SELECT cooperative_id FROM users WHERE username = 'htx01'")
reference=$(psql_admin -d $db -tA -c "SELECT reference FROM applications ORDER BY id DESC LIMIT 1")
plans() { # the product's list, keyset page, cooperative list, status and history queries
  local explain="EXPLAIN (ANALYZE, COSTS off)"
  psql_admin -d $db -c "$explain SELECT id FROM applications WHERE programme_id = '$programme'
    AND state = 'needsInfo' ORDER BY created_at DESC, id DESC LIMIT 51"
  psql_admin -d $db -c "$explain SELECT id FROM applications WHERE programme_id = '$programme' AND state = 'needsInfo'
    AND (created_at, id) < ('2025-06-01', '00000000-0000-4000-8000-000000000001') ORDER BY created_at DESC, id DESC LIMIT 51"
  psql_admin -d $db -c "$explain SELECT id FROM applications WHERE cooperative_id = '$cooperative'
    ORDER BY created_at DESC, id DESC LIMIT 51"
  psql_admin -d $db -c "$explain SELECT id FROM applications WHERE reference = '$reference'"
  psql_admin -d $db -c "$explain SELECT at, to_state FROM application_events
    WHERE application_id = '00000000-0000-4000-8000-000000000001' ORDER BY seq"
  psql_admin -d $db -c "$explain SELECT id FROM applications a
    WHERE a.state NOT IN ('draft', 'rejected', 'withdrawn', 'cancelled', 'closed') AND a.state = 'underReview'
    ORDER BY coalesce(CASE WHEN a.state = 'submitted' THEN a.intake_due_at
      WHEN a.state IN ('underReview', 'recommended') THEN a.review_due_at END, '2200-01-01 00:00:00+00'::timestamptz), a.id
    LIMIT 51"
  psql_admin -d $db -c "$explain SELECT id FROM applications a
    WHERE a.state NOT IN ('draft', 'rejected', 'withdrawn', 'cancelled', 'closed') AND a.programme_id = '$programme'
    ORDER BY coalesce(CASE WHEN a.state = 'submitted' THEN a.intake_due_at
      WHEN a.state IN ('underReview', 'recommended') THEN a.review_due_at END, '2200-01-01 00:00:00+00'::timestamptz), a.id
    LIMIT 51"
}
plans >"$work/plans.txt"
cp "$work/plans.txt" "${COOPCASE_SCALE_PLANS:-.build/scale-plans.txt}"

"$coopcase" serve >"$work/server.log" 2>&1 &
server=$!
bench_wait_ready $port
token() { curl -sf -X POST "http://127.0.0.1:$port/v1/sessions" -H 'content-type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["passwords"][sys.argv[2]])' "$work/passwords.json" "$1")\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
officer=$(token canbo.hoa)
applicant=$(token htx01)
# Status lookups of 5,000 applications spread over the table (their codes are known by construction).
psql_admin -d $db -tA -c "SELECT '/v1/status/' || reference || '?code=' || substr(upper(md5('code' || g)), 1, 4) || '-'
    || substr(upper(md5('code' || g)), 5, 4)
  FROM generate_series(1, $count, greatest($count / 5000, 1)) g
  JOIN applications a ON a.id = ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid" >"$work/status.txt"
# Officer lists: every programme × two states, first pages and pages reached by keyset cursors.
codes=$(psql_admin -d $db -tA -c "SELECT code FROM programmes ORDER BY code")
: >"$work/lists.txt"
for code in $codes; do
  for state in underReview needsInfo; do
    path="/v1/applications?programme=$code&state=$state&limit=50"
    echo "$path" >>"$work/lists.txt"
    cursor=
    for _ in $(seq 1 10); do
      cursor=$(curl -sf "http://127.0.0.1:$port$path${cursor:+&cursor=$cursor}" -H "authorization: Bearer $officer" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin).get("nextCursor") or "")')
      [ -n "$cursor" ] || break
      echo "$path&cursor=$cursor" >>"$work/lists.txt"
    done
  done
done
echo "/v1/applications?limit=50" >"$work/own.txt"
# The workspace's queue as an officer opens it: the first page, by programme, by state, a search for a cooperative
# and for a reference, and pages reached by its own "next" links.
jar="$work/cookies"
nonce=$(curl -sf -c "$jar" "http://127.0.0.1:$port/workspace/sign-in" | sed -n 's/.*name="nonce" value="\([0-9a-f]*\)".*/\1/p')
curl -sf -b "$jar" -c "$jar" -o /dev/null "http://127.0.0.1:$port/workspace/sign-in" \
  --data-urlencode "nonce=$nonce" --data-urlencode "username=canbo.hoa" \
  --data-urlencode "password=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["passwords"]["canbo.hoa"])' "$work/passwords.json")"
session=$(awk '$6 == "coopcase_ws" {print "coopcase_ws=" $7}' "$jar")
cooperative_name=$(psql_admin -d $db -tA -c "SELECT name FROM cooperatives ORDER BY code LIMIT 1")
{
  echo "/workspace"
  for code in $codes; do echo "/workspace?programme=$code"; done
  for state in submitted underReview recommended needsInfo approved; do echo "/workspace?state=$state"; done
  echo "/workspace?q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$cooperative_name")"
  echo "/workspace?q=$reference"
} >"$work/queue.txt"
for start in $(cat "$work/queue.txt"); do
  path=$start
  for _ in $(seq 1 5); do
    path=$(curl -sf -H "Cookie: $session" "http://127.0.0.1:$port$path" \
      | sed -n 's/.*<a href="\([^"]*\)" rel="next">.*/\1/p' | sed 's/&amp;/\&/g')
    [ -n "$path" ] || break
    echo "$path" >>"$work/queue.txt"
  done
done

blocks() { # "read hit": the database's blocks PostgreSQL read from outside its buffers, and found in them
  sleep 1.1 # backends report their counts at most once a second
  psql_admin -d $db -tA -F ' ' -c "SELECT blks_read, blks_hit FROM pg_stat_database WHERE datname = '$db'"
}
redirects() { # the 3xx answers the server has counted (its /metrics): wrk counts only 4xx and 5xx as failures,
  # and a redirect to sign-in (a session that ended) would otherwise pass as a fast page
  curl -sf "http://127.0.0.1:$port/metrics" \
    | awk '/^hb_requests\{/ && /http_response_status_code="3/ {n += $NF} END {printf "%d\n", n}'
}
run_wrk() { # run_wrk PATHS TOKEN CLIENTS [COOKIE] → "requests duration_us failures p50 p99 blocks_read blocks_hit"
  local threads=$(( $3 < 2 ? 1 : 2 )) read0 hit0 read1 hit1 moved0 moved1 n d e p50 p99
  read -r read0 hit0 < <(blocks)
  moved0=$(redirects)
  read -r n d e p50 p99 < <(BENCH_ANSWERS=server BENCH_PATHS=$1 BENCH_TOKEN=$2 BENCH_COOKIE=${4:-} \
    wrk -t$threads -c$3 -d${seconds}s --timeout 10s -s bench/wrk/paths.lua "http://127.0.0.1:$port" \
    | awk '/^BENCH/ {print $2, $3, $4, $5, $6}')
  read -r read1 hit1 < <(blocks)
  moved1=$(redirects)
  echo "$n $d $((e + moved1 - moved0)) $p50 $p99 $((read1 - read0)) $((hit1 - hit0))"
}
row() { # row LABEL "requests duration errors p50 p99 blocks_read blocks_hit"
  read -r n d e p50 p99 r h <<<"$2"
  printf '| %s | %.0f | %s | %s | %s | %.2f | %.0f |\n' "$1" "$(awk -v n=$n -v d=$d 'BEGIN {print n / (d / 1000000)}')" \
    "$p50" "$p99" "$e" "$(awk -v r=$r -v n=$n 'BEGIN {print r / n}')" "$(awk -v h=$h -v n=$n 'BEGIN {print h / n}')"
}
: >"$work/rows"
for call in "public status lookup (5,000 references)|$work/status.txt|" \
  "officer list: programme × state, first and keyset pages|$work/lists.txt|$officer" \
  "cooperative's own list|$work/own.txt|$applicant" \
  "workspace queue page ($(wc -l <"$work/queue.txt") paths)|$work/queue.txt||$session"; do
  IFS='|' read -r label paths auth cookie <<<"$call"
  for n in ${clients//,/ }; do
    say "  $label, $n client(s)…"
    row "$label | $n" "$(run_wrk "$paths" "$auth" $n "$cookie")" >>"$work/rows"
  done
done
kill $server; wait $server 2>/dev/null || true

say "audit verify over $events events…"
/usr/bin/time -f "%e %M" -o "$work/verify-time" "$coopcase" audit verify --as thanhtra.son >"$work/verify.txt" 2>&1 \
  && verified=yes || verified=NO
read -r verify_seconds verify_kb <"$work/verify-time"

echo
echo "$apps applications, $events events, database $size; loaded in $load_seconds s."
echo
echo "| call (${seconds} s each) | clients | requests/s | p50 ms | p99 ms | non-2xx | blocks read / request | buffer hits / request |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
cat "$work/rows"
echo
echo "audit verify: $verify_seconds s, peak RSS $(awk -v k=$verify_kb 'BEGIN {printf "%.1f", k / 1024}') MiB, chains verified: $verified ($(tail -1 "$work/verify.txt"))"
echo "Plans: ${COOPCASE_SCALE_PLANS:-.build/scale-plans.txt}"
grep -E "Scan|Sort|Execution Time" "$work/plans.txt" | sed 's/^ */  /'
