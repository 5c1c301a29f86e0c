#!/usr/bin/env bash
# Drives the officers' workspace in headless Chromium (Debian `chromium`) with Playwright for Python and axe-core:
# a short walk in the test command, every programme kind with --full. Screenshots go to .build/screenshots.
# Uses the project's PostgreSQL and a throwaway database with the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
start_postgres
port=${COOPCASE_WORKSPACE_PORT:-$(free_port)}
out=${COOPCASE_SCREENSHOTS:-.build/screenshots}
if ! command -v chromium >/dev/null 2>&1; then
  say "Installing chromium…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
python3 -c 'import playwright, axe_playwright_python' 2>/dev/null \
  || python3 -m pip install -q playwright axe-playwright-python
db=coopcase_workspace
psql_admin -d postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
ensure_product_database $db
export COOPCASE_DATABASE_URL="postgres://coopcase_app@127.0.0.1:$COOPCASE_PG_PORT/$db"
export COOPCASE_MIGRATION_DATABASE_URL="postgres://coopcase_owner@127.0.0.1:$COOPCASE_PG_PORT/$db"
export COOPCASE_AUTH_BCRYPT_COST=4 COOPCASE_HTTP_PORT=$port COOPCASE_LOG_LEVEL=error
# The walk signs in some sixty cooperatives and staff from one address.
export COOPCASE_RATE_LIMIT_LOGIN_BURST=100000 COOPCASE_RATE_LIMIT_LOGIN_PER_MINUTE=100000
bin=$(swift build --show-bin-path)/coopcase
[ -x "$bin" ] || swift build --product coopcase
seed=$(mktemp)
"$bin" migrate >/dev/null
"$bin" demo seed >"$seed"
"$bin" serve >"$COOPCASE_PG_DATA/../workspace-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -f "$seed"' EXIT
source bench/common.sh
bench_wait_ready "$port"
timeout 600 python3 scripts/workspace_check.py "http://127.0.0.1:$port" "$seed" "$out" "$@"
