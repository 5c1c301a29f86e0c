#!/usr/bin/env bash
# Export throughput and memory: `coopcase export case-histories` against psql's
# `COPY (same event query) TO STDOUT`, measured side by side in one run, at two sizes ten times apart; also
# each side's streaming rate, net of its fixed start-up measured on an empty selection in the same run.
#   bench/export.sh [SMALL_APPLICATIONS] [EVENTS_PER_APPLICATION]     (defaults 5000 and 10)
# Uses the project's PostgreSQL (scripts/postgres.sh) and a throwaway database; prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
start_postgres
small=${1:-5000}
per=${2:-10}
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
swift build -c release --product coopcase >/dev/null
bin=$(swift build -c release --show-bin-path)/coopcase
db=coopcase_bench_export
psql_admin -d postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
ensure_product_database $db
export COOPCASE_DATABASE_URL="postgres://coopcase_app@127.0.0.1:$COOPCASE_PG_PORT/$db"
export COOPCASE_MIGRATION_DATABASE_URL="postgres://coopcase_owner@127.0.0.1:$COOPCASE_PG_PORT/$db"
export COOPCASE_LOG_LEVEL=error
"$bin" migrate >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Synthetic histories: realistic row sizes, generated in SQL (the export does not judge the chains).
load() { # load APPLICATIONS
  psql_admin -d $db -q <<SQL
ALTER TABLE application_events DISABLE TRIGGER USER;
TRUNCATE application_events, applications CASCADE;
ALTER TABLE application_events ENABLE TRIGGER USER;
INSERT INTO cooperatives (id, code, name, kind, sector, address, province_code, members, workers, annual_revenue, founded,
  contact, has_computer, has_internet, has_website, has_accounting_software, has_sales_software)
VALUES ('00000000-0000-4000-8000-000000000001', '0100107218', 'Hợp tác xã Thử tải', 'cooperative', 'Nông nghiệp',
  '{}', '30', 20, 10, 468000000, '2010-01-01', '{"person":"A"}', false, false, false, false, false) ON CONFLICT DO NOTHING;
INSERT INTO users (id, username, display_name, role) VALUES
  ('00000000-0000-4000-8000-0000000000a1', 'bench.auditor', 'Bench', 'auditor') ON CONFLICT DO NOTHING;
INSERT INTO programmes (id, code, name_vi, name_en, kind, fiscal_year, opens_at, closes_at, status, budget, ceiling,
  terms, required_documents, review_deadline_days, rule_version)
VALUES ('00000000-0000-4000-8000-0000000000b1', 'BENCH', 'Thử tải', 'Load', 'equipmentGrant', 2026, now() - interval '1 day',
  now() + interval '1 day', 'open', 1000000000000, 100000000, '{"equipment":{"coFinancingPercent":30,"eligibleItems":[]}}',
  '[]', 10, 1) ON CONFLICT DO NOTHING;
INSERT INTO applications (id, reference, programme_id, cooperative_id, state, version, request, requested_amount,
  created_by, access_code_hash, chain_seq, chain_head, created_at, updated_at)
SELECT md5('a' || g)::uuid, 'TBI-2026-' || lpad(g::text, 6, '0') || '-0', '00000000-0000-4000-8000-0000000000b1',
  '00000000-0000-4000-8000-000000000001', 'approved', $per,
  '{"amount":30000000,"documents":["bao-gia"],"items":[],"purpose":"Mua máy tính và bộ phát wifi"}', 30000000,
  '00000000-0000-4000-8000-0000000000a1', 'x', $per, sha256(g::text::bytea), now(), now()
FROM generate_series(1, $1) g;
INSERT INTO application_events (application_id, seq, at, actor_id, actor_username, role, channel, action, from_state,
  to_state, body, prev_hash, hash)
SELECT md5('a' || g)::uuid, s, now(), '00000000-0000-4000-8000-0000000000a1', 'canbo.hoa', 'officer', 'api', 'recommend',
  'underReview', 'recommended',
  convert_to('{"action":"recommend","actor":{"id":"00000000-0000-4000-8000-0000000000a1","role":"officer","username":"canbo.hoa"},"application":"' || md5('a' || g)::uuid || '","at":"2026-11-29T10:00:00.000Z","channel":"api","from":"underReview","input":{"amount":30000000,"reason":"Đủ điều kiện","recommendation":"award"},"ledger":{"committed":0,"reserved":30000000,"spent":0},"reference":"TBI-2026-' || lpad(g::text, 6, '0') || '-0","seq":' || s || ',"to":"recommended","version":' || s || '}', 'UTF8'),
  sha256((g || '-' || (s - 1))::bytea), sha256((g || '-' || s)::bytea)
FROM generate_series(1, $1) g, generate_series(1, $per) s;
VACUUM (ANALYZE) applications; VACUUM (ANALYZE) application_events;
-- Settled before timing: hint bits set and dirty pages written, so no checkpoint lands inside a measurement.
CHECKPOINT;
SQL
}

copy_query="SELECT e.application_id, a.reference, e.seq, e.at, e.actor_username, e.role, e.channel, e.action, e.from_state, e.to_state, e.body, e.prev_hash, e.hash FROM application_events e JOIN applications a ON a.id = e.application_id ORDER BY e.application_id, e.seq"

seconds_of() { # seconds_of COMMAND... → wall seconds of one run
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

min() { printf '%s\n' "$@" | sort -g | head -1; }

# The fixed cost of each side, measured the same way on an empty selection: starting the process, connecting,
# the snapshot and (for the export) creating and hashing the empty files.
startup() { # startup → "copy_seconds export_seconds", fastest of three each (on one loaded application)
  local copy_times=() export_times=()
  load 1 >/dev/null
  for _ in 1 2 3; do
    copy_times+=("$(seconds_of "$(pg_bindir)/psql" -X -q -h 127.0.0.1 -p "$COOPCASE_PG_PORT" -U postgres -d $db \
      -c "COPY ($copy_query LIMIT 0) TO STDOUT")")
    rm -rf "$out/empty"
    export_times+=("$(seconds_of "$bin" export case-histories --out "$out/empty" --as bench.auditor --programme NONE)")
  done
  echo "$(min "${copy_times[@]}") $(min "${export_times[@]}")"
}

measure() { # measure APPLICATIONS → prints a table row; each side runs three times, the fastest counts
  local apps=$1 events=$(( $1 * per )) copy_times=() export_times=() peak=0
  load "$apps"
  local copy=("$(pg_bindir)/psql" -X -q -h 127.0.0.1 -p "$COOPCASE_PG_PORT" -U postgres -d $db -c "COPY ($copy_query) TO STDOUT")
  "${copy[@]}" >/dev/null   # warm the cache
  for _ in 1 2 3; do
    copy_times+=("$(seconds_of "${copy[@]}")")
    rm -rf "$out/bundle"
    /usr/bin/time -f "%e %M" -o "$out/time" "$bin" export case-histories --out "$out/bundle" --as bench.auditor >/dev/null
    read -r seconds rss_kb < "$out/time"
    export_times+=("$seconds")
    (( rss_kb > peak )) && peak=$rss_kb
  done
  local copy_best export_best copy_rate export_rate copy_net export_net
  copy_best=$(min "${copy_times[@]}")
  export_best=$(min "${export_times[@]}")
  copy_rate=$(echo "$events / $copy_best" | bc -l)
  export_rate=$(echo "$events / $export_best" | bc -l)
  copy_net=$(echo "$events / ($copy_best - $copy_start)" | bc -l)
  export_net=$(echo "$events / ($export_best - $export_start)" | bc -l)
  printf '| %s | %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.1f |\n' "$apps" "$events" "$copy_rate" "$export_rate" \
    "$(echo "$export_rate / $copy_rate" | bc -l)" "$copy_net" "$export_net" "$(echo "$export_net / $copy_net" | bc -l)" \
    "$(echo "$peak / 1024" | bc -l)"
}

read -r copy_start export_start < <(startup)
printf 'Start-up on an empty selection: COPY %.3f s, export %.3f s\n\n' "$copy_start" "$export_start"
echo "| applications | events | COPY events/s | export events/s | ratio | COPY streaming/s | export streaming/s | streaming ratio | export peak RSS (MiB) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
measure "$small"
measure $(( small * 10 ))
psql_admin -d postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
