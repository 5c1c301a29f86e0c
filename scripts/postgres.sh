# Starts the project's own PostgreSQL cluster on loopback. Sourced by scripts/dev, scripts/test and bench/.
# Data lives in .data/pg inside the project (ignored by git), or in COOPCASE_PG_DATA. Local development and
# tests only: the cluster trusts loopback connections. Ports: docs/operations.md#ports.

COOPCASE_ROOT=${COOPCASE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# Whether the port was chosen by whoever called us; if not, a busy 54320 gives way to a free port.
COOPCASE_PG_PORT_GIVEN=${COOPCASE_PG_PORT:+1}
COOPCASE_PG_PORT=${COOPCASE_PG_PORT:-54320}
COOPCASE_PG_DATA=${COOPCASE_PG_DATA:-$COOPCASE_ROOT/.data/pg}

say() { printf '%s\n' "$*" >&2; }
# tell VIETNAMESE ENGLISH: a message in the run's language (COOPCASE_LANG, Vietnamese by default), as the CLI.
tell() { if [ "${COOPCASE_LANG:-vi}" = en ]; then say "$2"; else say "$1"; fi; }

pg_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null)
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  return 1
}

ensure_postgres_installed() {
  pg_bindir >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    tell "Chưa có PostgreSQL; đang cài gói Debian 'postgresql'…" "PostgreSQL server not found; installing the Debian package 'postgresql'…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || {
      tell "lỗi: không cài được PostgreSQL. Hãy cài bằng: apt-get install -y postgresql" \
        "error: could not install PostgreSQL. Install it with: apt-get install -y postgresql"; return 1; }
  else
    tell "lỗi: không tìm thấy PostgreSQL." "error: PostgreSQL server binaries not found."
    tell "Hãy cài bằng: sudo apt-get install -y postgresql   (rồi chạy lại lệnh này)" \
      "Install them with: sudo apt-get install -y postgresql   (then run this command again)"
    return 1
  fi
  pg_bindir >/dev/null
}

# Runs a command as the postgres user when we are root (PostgreSQL refuses to run as root), from / so that a
# working folder it cannot enter draws no warning.
as_pg_user() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# port_in_use PORT: whether something listens on 127.0.0.1:PORT.
port_in_use() {
  python3 -c 'import socket,sys; s=socket.socket(); sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)' "$1"
}

# pg_data_reachable DIR: whether the postgres user can reach DIR (its nearest existing folder).
pg_data_reachable() {
  local dir=$1
  while [ ! -d "$dir" ]; do dir=$(dirname "$dir"); done
  runuser -u postgres -- test -x "$dir"
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts the cluster of COOPCASE_PG_DATA on COOPCASE_PG_PORT unless it runs; sets COOPCASE_PG_STARTED=1 when
# this call started it, so the caller can stop what it started (stop_postgres).
start_postgres() {
  ensure_postgres_installed || return 1
  local bindir; bindir=$(pg_bindir)
  if [ "$(id -u)" = 0 ] && ! pg_data_reachable "$COOPCASE_PG_DATA"; then
    # The postgres user cannot reach the folder (a clone under /root, a mktemp -d folder): keep this cluster's
    # data in /var/tmp, in a folder of its own named after the folder asked for, so clusters never share one.
    local asked=$COOPCASE_PG_DATA
    COOPCASE_PG_DATA=/var/tmp/coopcase-pg-$(printf '%s' "$asked" | cksum | cut -d' ' -f1)
    tell "Người dùng postgres không vào được $asked; dữ liệu của cụm này nằm ở $COOPCASE_PG_DATA." \
      "The postgres user cannot reach $asked; this cluster's data is in $COOPCASE_PG_DATA."
  fi
  export COOPCASE_PG_DATA
  COOPCASE_PG_STARTED=0
  mkdir -p "$(dirname "$COOPCASE_PG_DATA")"
  if [ ! -s "$COOPCASE_PG_DATA/PG_VERSION" ]; then
    tell "Đang tạo cụm PostgreSQL ở $COOPCASE_PG_DATA…" "Creating a PostgreSQL cluster in $COOPCASE_PG_DATA…"
    mkdir -p "$COOPCASE_PG_DATA"
    [ "$(id -u)" = 0 ] && chown postgres: "$COOPCASE_PG_DATA"
    chmod 700 "$COOPCASE_PG_DATA"
    as_pg_user "$bindir/initdb" -D "$COOPCASE_PG_DATA" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >/dev/null || { tell "lỗi: initdb không chạy được" "error: initdb failed"; return 1; }
  fi
  if as_pg_user "$bindir/pg_ctl" -D "$COOPCASE_PG_DATA" status >/dev/null 2>&1; then
    # Already running: its port is the one it listens on, whatever this shell assumed.
    COOPCASE_PG_PORT=$(sed -n 4p "$COOPCASE_PG_DATA/postmaster.pid")
  else
    if [ -z "${COOPCASE_PG_PORT_GIVEN:-}" ] && port_in_use "$COOPCASE_PG_PORT"; then
      # Another cluster (another clone's, say) has the default port: take a free one rather than fail.
      local busy=$COOPCASE_PG_PORT
      COOPCASE_PG_PORT=$(free_port)
      tell "Cổng $busy đang bận; cụm này dùng cổng $COOPCASE_PG_PORT." "Port $busy is taken; this cluster uses port $COOPCASE_PG_PORT."
    fi
    as_pg_user "$bindir/pg_ctl" -D "$COOPCASE_PG_DATA" -l "$COOPCASE_PG_DATA/server.log" -w -t 60 \
      -o "-p $COOPCASE_PG_PORT -c listen_addresses=127.0.0.1 -k $COOPCASE_PG_DATA -c max_connections=400 -c shared_buffers=256MB" \
      start >/dev/null || { tell "lỗi: PostgreSQL không khởi động được; xem $COOPCASE_PG_DATA/server.log" \
        "error: PostgreSQL did not start; see $COOPCASE_PG_DATA/server.log"; return 1; }
    COOPCASE_PG_STARTED=1
  fi
  export PGHOST=127.0.0.1 PGPORT=$COOPCASE_PG_PORT COOPCASE_PG_PORT
}

stop_postgres() {
  local bindir; bindir=$(pg_bindir) || return 0
  as_pg_user "$bindir/pg_ctl" -D "$COOPCASE_PG_DATA" -m fast stop >/dev/null 2>&1 || true
}

psql_admin() {
  "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$COOPCASE_PG_PORT" -U postgres "$@"
}

# The product's database: owned by coopcase_owner (migrations), used by coopcase_app (no UPDATE/DELETE on events).
ensure_product_database() {
  local db=${1:-coopcase}
  psql_admin -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coopcase_owner') THEN CREATE ROLE coopcase_owner LOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coopcase_app') THEN CREATE ROLE coopcase_app LOGIN;
  ELSE ALTER ROLE coopcase_app LOGIN; END IF;
END \$\$;
SQL
  if [ -z "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    psql_admin -d postgres -c "CREATE DATABASE $db OWNER coopcase_owner"
  fi
}
