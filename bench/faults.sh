#!/usr/bin/env bash
# Fault tests under load (see bench/faults.py): PostgreSQL SIGKILLed and restarted, the server SIGKILLed
# and restarted, slow clients and a connection flood, SIGTERM with a download in flight; then checks that
# nothing acknowledged was lost and nothing is half done.
#   bench/faults.sh            full run (10 s phases)
#   bench/faults.sh --short    the version scripts/test runs (3 s phases)
# Runs its own PostgreSQL cluster (.data/pg-faults, on a free port) so killing it touches nothing else, and stops
# it at the end if it started it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=10
[ "${1:-}" = "--short" ] && seconds=3
source scripts/postgres.sh
source bench/common.sh
export COOPCASE_PG_PORT=${COOPCASE_FAULT_PG_PORT:-$(free_port)}
export COOPCASE_PG_DATA=${COOPCASE_FAULT_PG_DATA:-$PWD/.data/pg-faults}
start_postgres
[ "$COOPCASE_PG_STARTED" = 1 ] && trap 'stop_postgres' EXIT
port=${COOPCASE_FAULT_PORT:-$(free_port)}
db=coopcase_faults
bench_database $db
bench_unthrottled
# Demo passwords at the lowest bcrypt cost: seeding stays quick (login timing has its own test).
export COOPCASE_AUTH_BCRYPT_COST=4
export COOPCASE_HTTP_PORT=$port COOPCASE_LOG_LEVEL=error COOPCASE_HTTP_REQUEST_TIMEOUT_SECONDS=3
export COOPCASE_FAULT_SERVER_LOG="$COOPCASE_PG_DATA/../faults-server.log"
bin=$(swift build --show-bin-path)/coopcase
[ -x "$bin" ] || swift build --product coopcase
"$bin" migrate >/dev/null
passwords=$(mktemp)
trap 'rm -f "$passwords"; [ "$COOPCASE_PG_STARTED" = 1 ] && stop_postgres' EXIT
"$bin" demo seed --json >"$passwords"
bindir=$(pg_bindir)
pg_kill="pid=\$(head -1 '$COOPCASE_PG_DATA/postmaster.pid'); children=\$(pgrep -P \$pid || true); kill -9 \$pid \$children"
pg_start="COOPCASE_PG_PORT=$COOPCASE_PG_PORT COOPCASE_PG_DATA='$COOPCASE_PG_DATA' source scripts/postgres.sh && start_postgres"
sql="'$bindir/psql' -X -q -tA -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $COOPCASE_PG_PORT -U coopcase_owner -d $db"
timeout 600 python3 bench/faults.py --bin "$bin" --port "$port" --passwords "$passwords" --seconds "$seconds" \
  --pg-kill "$pg_kill" --pg-start "$pg_start" --sql "$sql"
