#!/usr/bin/env bash
# The database's share of a transition, on its own: the statements the server sends for one recommendation
# (the application read with its programme and cooperative; row, event and ledgers written in one statement),
# captured from PostgreSQL's log and replayed by pgbench, one application per transaction. Each round runs, at
# the same client count on the same cluster: pgbench's TPC-B-like script, the replay, and recommendations over
# REST (as bench/http.sh measures them). The replay bounds the REST transition ratio from above — a server that
# cost nothing — and the difference in CPU per transition between REST and the replay is the server's.
#   bench/transition-sql.sh [APPLICATIONS] [SECONDS] [ROUNDS] [CLIENTS]      (defaults 36000, 4, 3, 8)
# SECONDS bounds each TPC-B and REST run; the replay runs its share of the queue (the other two thirds of the
# applications, split evenly over the rounds), and a REST run stops early when its third of a third runs out.
# Release build, the project's PostgreSQL, a throwaway
# database; prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
source bench/common.sh
start_postgres
count=${1:-36000}
seconds=${2:-4}
rounds=${3:-3}
clients=${4:-8}
threads=2
port=$(free_port)
bench_need_wrk
db=coopcase_bench_sql
tpcb=coopcase_pgbench_sql
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill $server 2>/dev/null
  psql_admin -d postgres -q -c "ALTER ROLE coopcase_app IN DATABASE $db RESET log_min_duration_statement" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
bench_product $db $port "$work"
start_server() {
  "$coopcase" serve >>"$work/server.log" 2>&1 &
  server=$!
  bench_wait_ready $port
}
stop_server() {
  kill $server
  wait $server 2>/dev/null || true
  server=
}
sql() { psql_admin -d $db -tA -c "$1"; }

start_server
say "Preparing $count applications under review through the API…"
python3 bench/prepare.py "http://127.0.0.1:$port" "$work/passwords.json" "$count" "$work"
officer=$(bench_field "$work/bench.json" officer)
stop_server

# The last third, in turns, for REST; the rest for the replay, where client C's Nth transaction recommends
# row (C, N).
rest=$((count / 3))
sql "CREATE TABLE bench_pool AS SELECT row_number() OVER (ORDER BY created_at, id) AS k, * FROM applications
  WHERE state = 'underReview' AND version = 3 AND chain_seq = 3" >/dev/null
pool=$(sql "SELECT count(*) FROM bench_pool")
for round in $(seq 1 "$rounds"); do
  sql "SELECT reference FROM bench_pool WHERE k > $pool - $rest AND (k - $pool + $rest - 1) % $rounds = $round - 1
    ORDER BY k" >"$work/rest-$round.txt"
done
sql "CREATE TABLE bench_queue AS
  SELECT (k - 1) % $clients AS client, (k - 1) / $clients + 1 AS n,
         id, reference AS ref, cooperative_id AS coop, programme_id AS prog, submitted_by AS sby,
         submitted_at AS sat, assignee AS asg, review_due_at AS due, chain_head AS head
  FROM bench_pool WHERE k <= $pool - $rest;
  ALTER TABLE bench_queue ADD PRIMARY KEY (client, n); ANALYZE bench_queue" >/dev/null

say "Capturing the statements of one recommendation from PostgreSQL's log…"
captured=$(sql "SELECT ref FROM bench_queue ORDER BY n DESC, client DESC LIMIT 1")
# Every value as PostgreSQL's text output writes it, as the log does.
sql "SELECT json_build_object('id', id::text, 'ref', ref, 'coop', coop::text, 'prog', prog::text,
  'sby', sby::text, 'sat', sat::text, 'asg', asg::text, 'due', due::text, 'head', head::text)
  FROM bench_queue WHERE ref = '$captured'" >"$work/captured.json"
log="$COOPCASE_PG_DATA/server.log"
from=$(wc -c <"$log")
psql_admin -d postgres -q -c "ALTER ROLE coopcase_app IN DATABASE $db SET log_min_duration_statement = 0"
start_server
curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/v1/applications/$captured/actions/recommend" \
  -H "Authorization: Bearer $officer" -H "Content-Type: application/json" -H 'If-Match: "3"' \
  -d "$BENCH_RECOMMENDATION"
stop_server
psql_admin -d postgres -q -c "ALTER ROLE coopcase_app IN DATABASE $db RESET log_min_duration_statement"
tail -c +$((from + 1)) "$log" >"$work/statements.log"
sql "DELETE FROM bench_queue WHERE ref = '$captured'" >/dev/null
start_server
script=.build/transition-sql.pgbench
python3 bench/transition_sql.py "$work/statements.log" "$work/captured.json" >$script 2>"$work/replayed"
say "Replaying $(cat "$work/replayed") (the script: $script)"

psql_admin -d postgres -q -c "DROP DATABASE IF EXISTS $tpcb WITH (FORCE)"
psql_admin -d postgres -q -c "CREATE DATABASE $tpcb"
"$(pg_bindir)/pgbench" -h 127.0.0.1 -p "$COOPCASE_PG_PORT" -U postgres -i -s 10 -q $tpcb >/dev/null 2>&1
sql "CHECKPOINT" >/dev/null

busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $9; exit}' /proc/stat; }
# per_transaction BUSY0 STEAL0 DONE → "busy_µs_per_transaction steal%" since the ticks given
per_transaction() {
  local busy steal
  read -r busy steal < <(busy_ticks)
  awk -v b0=$1 -v s0=$2 -v b1=$busy -v s1=$steal -v n=$3 \
    'BEGIN {printf "%.0f %.0f\n", (b1 - b0) * 10000 / n, (s1 - s0) * 100 / ((b1 - b0) + (s1 - s0))}'
}
# pgbench_run PGBENCH-ARGS… → "tps busy_µs_per_transaction failed steal%"
pgbench_run() {
  local out busy0 steal0 n tps failed cpu steal
  read -r busy0 steal0 < <(busy_ticks)
  out=$("$(pg_bindir)/pgbench" -h 127.0.0.1 -p "$COOPCASE_PG_PORT" -U postgres -n -c $clients -j $threads \
    "$@" 2>&1 || true)
  if grep -q "expected one row, got 0" <<<"$out"; then
    say "error: the queue ran out; give more APPLICATIONS or fewer SECONDS"
    exit 1
  fi
  read -r n tps failed < <(awk '
    /actually processed/ {split($0, x, ": "); split(x[2], y, "/"); n = y[1]}
    /number of failed transactions/ {split($0, x, ": "); split(x[2], y, " "); f = y[1]}
    /^tps/ {t = $3}
    END {printf "%d %.0f %d\n", n, t, f}' <<<"$out")
  read -r cpu steal < <(per_transaction $busy0 $steal0 $n)
  echo "$tps $cpu $failed $steal"
}
# over_rest REFS → "2xx/s busy_µs_per_2xx non_2xx steal%"
over_rest() {
  local busy0 steal0 requests duration errors ok cpu steal
  read -r busy0 steal0 < <(busy_ticks)
  read -r requests duration errors _ < <(BENCH_REFS="$1" BENCH_TOKEN=$officer BENCH_ACTION=recommend BENCH_VERSION=3 \
    BENCH_THREADS=$threads BENCH_BODY=$BENCH_RECOMMENDATION \
    wrk -t$threads -c$clients -d${seconds}s --timeout 10s -s bench/wrk/actions.lua "http://127.0.0.1:$port" |
    awk '/^BENCH/ {print $2, $3, $4}')
  ok=$((requests - errors))
  read -r cpu steal < <(per_transaction $busy0 $steal0 $ok)
  echo "$(awk -v n=$ok -v d=$duration 'BEGIN {printf "%.0f", n / (d / 1000000)}') $cpu $errors $steal"
}
# The replay runs a fixed share of the queue per round, so a fast machine cannot run it dry.
per_round=$(($(sql "SELECT min(c) FROM (SELECT count(*) AS c FROM bench_queue GROUP BY client) q") / rounds))
offset() { sql "SELECT coalesce(max(q.n), 0) FROM bench_queue q JOIN applications a ON a.id = q.id WHERE a.version <> 3"; }
ratio() { awk -v a=$1 -v b=$2 'BEGIN {printf "%.2f", a / b}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{r[NR] = $1} END {print (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2}'; }

echo
echo "| round | TPC-B tps | replayed SQL tps (ratio) | REST recommend 2xx/s (ratio) | CPU µs per transaction: TPC-B · SQL · REST | failed · non-2xx | steal % |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
sql_ratios=()
rest_ratios=()
server_cpu=()
for round in $(seq 1 "$rounds"); do
  read -r b_tps b_cpu _ b_steal < <(pgbench_run -T $seconds $tpcb)
  read -r s_tps s_cpu s_failed s_steal < <(pgbench_run -M prepared --max-tries=10 -D i=$(offset) -t $per_round \
    -f $script $db)
  read -r r_tps r_cpu r_errors r_steal < <(over_rest "$work/rest-$round.txt")
  sql_ratios+=("$(ratio $s_tps $b_tps)")
  rest_ratios+=("$(ratio $r_tps $b_tps)")
  server_cpu+=("$((r_cpu - s_cpu))")
  echo "| $round | $b_tps | $s_tps ($(ratio $s_tps $b_tps)) | $r_tps ($(ratio $r_tps $b_tps)) | $b_cpu · $s_cpu · $r_cpu |" \
    "$s_failed · $r_errors | $b_steal · $s_steal · $r_steal |"
done
echo
echo "Medians: replayed SQL $(median "${sql_ratios[@]}") × TPC-B, REST $(median "${rest_ratios[@]}") × TPC-B. CPU per"
echo "transition over REST beyond the replay's: $(median "${server_cpu[@]}") µs — the server's, with what PostgreSQL does"
echo "differently when the server drives it, less the difference between pgbench's and wrk's own CPU."
echo "CPU per transaction is the whole machine's busy time over the run divided by the transactions (the load"
echo "generator included); steal is the share the host took."
# The replayed and REST writes are real: each recommended application has its event; versions and chains agree.
read -r replayed mismatched < <(sql "SELECT (SELECT count(*) FROM bench_queue q JOIN applications a ON a.id = q.id
  WHERE a.state = 'recommended' AND a.version = 4 AND a.chain_seq = 4
    AND (SELECT count(*) FROM application_events e WHERE e.application_id = a.id) = 4) || ' ' ||
  (SELECT count(*) FROM applications a WHERE a.version <> a.chain_seq
    OR a.chain_seq <> (SELECT count(*) FROM application_events e WHERE e.application_id = a.id))")
echo "Recommended by the replay, each with its event: $replayed; applications whose version, chain and events"
echo "disagree: $mismatched."
