#!/usr/bin/env bash
# HTTP benchmarks, each a ratio against a baseline measured in the same run on this machine:
#   - workflow transitions over REST (recommend, then approve; events, chain and budget; every approval in ONE
#     programme) vs pgbench's built-in TPC-B-like script, both at the same client count;
#   - authenticated application reads vs a bare Hummingbird + postgres-nio prepared point select
#     (the `coopcase-bare` target, bench/bare), with p50/p99 latency;
#   - filtered lists with keyset pagination and the public status lookup (against the same bare baseline);
#   - server memory idle and under load.
# Each baseline runs before and after what it is compared with; the ratios use the mean of the two. Reads,
# lists and status run first, on applications still under review; the transitions then act on them.
#   bench/http.sh [APPLICATIONS] [SECONDS] [CLIENTS]      (defaults 16000, 10, 8)
# Release build, the project's PostgreSQL, a throwaway database; prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
source bench/common.sh
start_postgres
count=${1:-16000}
seconds=${2:-10}
clients=${3:-8}
threads=2
port=$(free_port)
bare_port=$(free_port)
bench_need_wrk
db=coopcase_bench_http
psql_admin -d postgres -q -c "DROP DATABASE IF EXISTS coopcase_pgbench WITH (FORCE)"
work=$(mktemp -d)
bench_product $db $port "$work"
COOPCASE_BENCH=1 swift build -c release --product coopcase-bare >/dev/null
"$coopcase" serve >"$work/server.log" 2>&1 &
server=$!
BARE_DATABASE_URL=$COOPCASE_DATABASE_URL BARE_PORT=$bare_port "$(dirname "$coopcase")/coopcase-bare" >"$work/bare.log" 2>&1 &
bare=$!
trap 'kill $server $bare 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
bench_wait_ready $port
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
idle_rss=$(rss $server)

say "Preparing $count applications under review through the API…"
python3 bench/prepare.py "http://127.0.0.1:$port" "$work/passwords.json" "$count" "$work"
officer=$(bench_field "$work/bench.json" officer)
approver=$(bench_field "$work/bench.json" approver)
programme=$(bench_field "$work/bench.json" programme)

sample_peak() { # sample_peak PID → watches RSS until stopped; prints the peak
  local peak=0 now
  while kill -0 "$1" 2>/dev/null; do
    now=$(awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0)
    (( now > peak )) && peak=$now
    [ -f "$work/stop-sampling" ] && break
    sleep 0.2
  done
  awk -v kb=$peak 'BEGIN {printf "%.1f", kb / 1024}'
}

# run_wrk SCRIPT URL [SECONDS] → "requests duration_us errors p50_ms p99_ms"
run_wrk() {
  wrk -t$threads -c$clients -d${3:-$seconds}s --timeout 10s -s "$1" "$2" | awk '/^BENCH/ {print $2, $3, $4, $5, $6}'
}
# rate REQUESTS DURATION_US ERRORS → answered with 2xx per second (a refusal is not a transition)
rate() { awk -v r=$1 -v d=$2 -v e=$3 'BEGIN {printf "%.0f", (r - e) / (d / 1000000)}'; }

# Baselines run twice because the host's load drifts over minutes: one run on its own moved the ratios by a third.
run_pgbench() {
  "$(pg_bindir)/pgbench" -h 127.0.0.1 -p "$COOPCASE_PG_PORT" -U postgres -c $clients -j $threads \
    -T $seconds -n coopcase_pgbench 2>/dev/null | awk '/^tps/ {printf "%.0f", $3; exit}'
}
mean() { awk -v a=$1 -v b=$2 'BEGIN {printf "%.0f", (a + b) / 2}'; }
# CPU time the host took from this machine (steal), as a share of all CPU time since the first call.
cpu_ticks() { awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print $9, t; exit}' /proc/stat; }
read -r steal_start total_start < <(cpu_ticks)

rm -f "$work/stop-sampling"
sample_peak $server >"$work/peak" &
sampler=$!
say "Reads, lists and status lookups ($clients clients), before any transition changes the listed states…"
read -r bare_n bare_d bare_err bare_p50 bare_p99 < <(BENCH_PATHS="$work/paths-bare.txt" BENCH_TOKEN= \
  run_wrk bench/wrk/paths.lua "http://127.0.0.1:$bare_port")
read -r get_n get_d get_err get_p50 get_p99 < <(BENCH_PATHS="$work/paths-app.txt" BENCH_TOKEN=$officer \
  run_wrk bench/wrk/paths.lua "http://127.0.0.1:$port")
read -r list_n list_d list_err list_p50 list_p99 < <(BENCH_PATHS="$work/paths-list.txt" BENCH_TOKEN=$officer \
  run_wrk bench/wrk/paths.lua "http://127.0.0.1:$port")
read -r stat_n stat_d stat_err stat_p50 stat_p99 < <(BENCH_PATHS="$work/paths-status.txt" BENCH_TOKEN= \
  run_wrk bench/wrk/paths.lua "http://127.0.0.1:$port")
read -r bare2_n bare2_d bare2_err bare2_p50 bare2_p99 < <(BENCH_PATHS="$work/paths-bare.txt" BENCH_TOKEN= \
  run_wrk bench/wrk/paths.lua "http://127.0.0.1:$bare_port")
say "pgbench (TPC-B-like, $clients clients)…"
psql_admin -d postgres -q -c "CREATE DATABASE coopcase_pgbench"
"$(pg_bindir)/pgbench" -h 127.0.0.1 -p "$COOPCASE_PG_PORT" -U postgres -i -s 10 -q coopcase_pgbench >/dev/null 2>&1
pgbench_before=$(run_pgbench)

say "Workflow transitions over REST ($clients clients)…"
read -r rec_n rec_d rec_err rec_p50 rec_p99 < <(BENCH_REFS="$work/refs.txt" BENCH_TOKEN=$officer BENCH_ACTION=recommend \
  BENCH_VERSION=3 BENCH_THREADS=$threads BENCH_BODY=$BENCH_RECOMMENDATION \
  run_wrk bench/wrk/actions.lua "http://127.0.0.1:$port" $((seconds * 3 / 2)))
# Approve exactly the recommended ones (recommending ran half as long again, so approvals do not run out).
psql_admin -d $db -tA -c "SELECT a.reference FROM applications a JOIN programmes p ON p.id = a.programme_id
  WHERE p.code = '$programme' AND a.state = 'recommended' ORDER BY a.reference" \
  >"$work/recommended.txt"
read -r app_n app_d app_err app_p50 app_p99 < <(BENCH_REFS="$work/recommended.txt" BENCH_TOKEN=$approver BENCH_ACTION=approve \
  BENCH_VERSION=4 BENCH_THREADS=$threads \
  BENCH_BODY='{"amount":10000000,"reason":"Đồng ý","legalBasis":"Nghị quyết 12/2025/NQ-HĐND"}' \
  run_wrk bench/wrk/actions.lua "http://127.0.0.1:$port")
say "pgbench again…"
pgbench_after=$(run_pgbench)
pgbench_tps=$(mean $pgbench_before $pgbench_after)

read -r steal_end total_end < <(cpu_ticks)
touch "$work/stop-sampling"
wait $sampler 2>/dev/null || true
load_rss=$(cat "$work/peak")

# The books must balance: every approval committed from the one programme's budget, nothing reserved twice.
check=$(psql_admin -d $db -tA -c "
  SELECT (SELECT count(*) FROM applications a JOIN programmes p ON p.id = a.programme_id
          WHERE p.code = '$programme' AND a.state = 'approved') || ' ' ||
         (SELECT committed FROM programme_budgets l JOIN programmes p ON p.id = l.programme_id WHERE p.code = '$programme') || ' ' ||
         (SELECT count(*) FROM applications a WHERE a.version <> a.chain_seq)")
read -r approved committed mismatched <<<"$check"

rec_rate=$(rate $rec_n $rec_d $rec_err); app_rate=$(rate $app_n $app_d $app_err)
get_rate=$(rate $get_n $get_d $get_err)
bare_before=$(rate $bare_n $bare_d $bare_err); bare_after=$(rate $bare2_n $bare2_d $bare2_err)
bare_rate=$(mean $bare_before $bare_after)
list_rate=$(rate $list_n $list_d $list_err); stat_rate=$(rate $stat_n $stat_d $stat_err)
ratio() { awk -v a=$1 -v b=$2 'BEGIN {printf "%.2f", a / b}'; }
echo
echo "| measure | 2xx/s | baseline/s | ratio | p50 ms | p99 ms | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|"
echo "| recommend (REST) vs pgbench TPC-B, $clients clients | $rec_rate | $pgbench_tps | $(ratio $rec_rate $pgbench_tps) | $rec_p50 | $rec_p99 | $rec_err |"
echo "| approve, one programme's budget (REST) vs pgbench | $app_rate | $pgbench_tps | $(ratio $app_rate $pgbench_tps) | $app_p50 | $app_p99 | $app_err |"
echo "| application read (REST, bearer) vs bare point select | $get_rate | $bare_rate | $(ratio $get_rate $bare_rate) | $get_p50 | $get_p99 | $get_err |"
echo "| bare point select (baseline: mean rate of the runs before and after; latency of the first) | $bare_rate | | | $bare_p50 | $bare_p99 | $((bare_err + bare2_err)) |"
echo "| filtered list, keyset pages of 50 vs bare | $list_rate | $bare_rate | $(ratio $list_rate $bare_rate) | $list_p50 | $list_p99 | $list_err |"
echo "| public status lookup vs bare | $stat_rate | $bare_rate | $(ratio $stat_rate $bare_rate) | $stat_p50 | $stat_p99 | $stat_err |"
echo
echo "Baselines before · after: pgbench $pgbench_before · $pgbench_after tps; bare $bare_before · $bare_after/s. Host steal"
echo "over the measurements: $(awk -v s=$((steal_end - steal_start)) -v t=$((total_end - total_start)) 'BEGIN {printf "%.1f", 100 * s / t}') % of the CPU time."
echo "Transitions measured over $(awk -v r=$rec_d -v a=$app_d 'BEGIN {printf "%.1f s (recommend) and %.1f s (approve)", r / 1e6, a / 1e6}')"
echo "of the $((seconds * 3 / 2)) s and $seconds s given; a run ends early when its applications run out."
echo "Server RSS: idle $idle_rss MiB, peak under load $load_rss MiB. Approved in the benchmark programme: $approved;"
echo "its committed budget: $committed VND (= $approved × 10,000,000: $([ "$committed" = "$((approved * 10000000))" ] && echo yes || echo NO));"
echo "applications whose version and chain disagree: $mismatched."
