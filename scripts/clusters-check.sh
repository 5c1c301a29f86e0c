#!/usr/bin/env bash
# Checks that each of the project's PostgreSQL clusters keeps its own data folder when the project lives where
# the postgres user cannot enter (as root, a clone under /root or in a mktemp -d folder): the main cluster and
# the fault tests' cluster both start from such a clone, each in a folder of its own, each answering on its own
# port (the main one on a free port when another cluster holds the default). Run by scripts/test as root;
# elsewhere there is nothing to check.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then echo "clusters-check: not root, nothing to check"; exit 0; fi
source scripts/postgres.sh
ensure_postgres_installed
home=$(mktemp -d)   # 0700: only root enters
clone=$home/coopcase
git clone -q "$PWD" "$clone"
runuser -u postgres -- test -x "$clone" && { echo "clusters-check: postgres can enter $clone" >&2; exit 1; }
cleanup() {
  for data in "${folders[@]:-}"; do
    [ -n "$data" ] || continue
    runuser -u postgres -- "$(pg_bindir)/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$data"
  done
  rm -rf "$home"
}
folders=()
trap cleanup EXIT
# Starts a cluster from the clone as the scripts do; prints "DATA PORT".
start_from_clone() {
  (cd "$clone" && unset COOPCASE_PG_DATA COOPCASE_PG_PORT COOPCASE_ROOT && export "$@" \
    && source scripts/postgres.sh && start_postgres 2>/dev/null && echo "$COOPCASE_PG_DATA $COOPCASE_PG_PORT")
}
# No port given, as scripts/dev and scripts/test start it: run from scripts/test, the suite's own cluster holds
# 54320, so this also checks that a busy default port gives way to a free one.
read -r main_data main_port < <(start_from_clone COOPCASE_LANG="${COOPCASE_LANG:-vi}")
folders+=("$main_data")
read -r fault_data fault_port < <(start_from_clone COOPCASE_PG_PORT="$(free_port)" COOPCASE_PG_DATA="$clone/.data/pg-faults")
folders+=("$fault_data")
fail=0
[ "$main_data" != "$fault_data" ] || { echo "clusters-check: both clusters use $main_data" >&2; fail=1; }
for pair in "$main_data:$main_port" "$fault_data:$fault_port"; do
  data=${pair%%:*} port=${pair##*:}
  answered=$("$(pg_bindir)/psql" -X -tA -h 127.0.0.1 -p "$port" -U postgres -d postgres -c 'SHOW data_directory' 2>&1) || true
  if [ "$answered" != "$data" ]; then
    echo "clusters-check: port $port answered '$answered', expected the cluster in $data" >&2
    fail=1
  fi
done
[ "$fail" = 0 ] && echo "clusters-check: passed (main cluster in $main_data on $main_port, faults' in $fault_data on $fault_port)"
exit $fail
