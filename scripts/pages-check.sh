#!/usr/bin/env bash
# Loads the cooperative pages from a live server in headless Chromium (Debian `chromium`): checks content,
# labels, keyboard order, contrast, large text and printing, and saves screenshots of the lookup, result
# and receipt pages at phone and desktop widths into .build/screenshots. Uses the project's PostgreSQL and
# a throwaway database with the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
start_postgres
port=${COOPCASE_PAGES_PORT:-$(free_port)}
out=${COOPCASE_SCREENSHOTS:-.build/screenshots}
if ! command -v chromium >/dev/null 2>&1; then
  say "Installing chromium…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
python3 -c 'import websocket' 2>/dev/null || python3 -m pip install -q websocket-client
db=coopcase_pages
psql_admin -d postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
ensure_product_database $db
export COOPCASE_DATABASE_URL="postgres://coopcase_app@127.0.0.1:$COOPCASE_PG_PORT/$db"
export COOPCASE_MIGRATION_DATABASE_URL="postgres://coopcase_owner@127.0.0.1:$COOPCASE_PG_PORT/$db"
# Demo passwords at the lowest bcrypt cost: seeding stays quick (login timing has its own test).
export COOPCASE_AUTH_BCRYPT_COST=4
export COOPCASE_HTTP_PORT=$port COOPCASE_LOG_LEVEL=error
bin=$(swift build --show-bin-path)/coopcase
[ -x "$bin" ] || swift build --product coopcase
"$bin" migrate >/dev/null
"$bin" demo seed >/dev/null
# A cooperative applies for training seats and submits, as it would at the reception desk.
programme=$("$bin" programme list --as admin --json | python3 -c \
  'import json,sys; print(next(p["code"] for p in json.load(sys.stdin) if p["code"].startswith("TAP-")))')
for n in $(seq -w 1 52); do
  if created=$("$bin" application create --as "htx$n" --programme "$programme" --amount 1 \
      --purpose "Tập huấn kỹ năng số" --document danh-sach-hoc-vien --json 2>/dev/null) \
    && ref=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["reference"])' <<<"$created") \
    && "$bin" application submit "$ref" --as "htx$n" >/dev/null 2>&1; then
    code=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["accessCode"])' <<<"$created")
    break
  fi
done
[ -n "${code:-}" ] || { echo "no cooperative could apply" >&2; exit 1; }
"$bin" serve >"$COOPCASE_PG_DATA/../pages-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
source bench/common.sh
bench_wait_ready "$port"
timeout 300 python3 scripts/pages_check.py "http://127.0.0.1:$port" "$ref" "$code" "$out"
