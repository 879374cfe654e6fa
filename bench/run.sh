#!/usr/bin/env bash
# The benchmark (not a test): builds the NativeAOT slipway, starts a private PostgreSQL with normal
# durability, installs dbmate, generates the migrations and measures slipway against the psql floor
# and dbmate. Prints a table and writes it to bench/results/. Run as root (PostgreSQL then runs as
# the user "slipwaytest") or as an ordinary user (PostgreSQL runs as that user).
#   BENCH_APPLY_REPS (default 5) and BENCH_NOOP_REPS (default 21) set the repetitions;
#   BENCH_SLIPWAY_BIN=path/to/slipway skips the publish and measures that binary instead;
#   BENCH_RUNTIME_FLOOR_BIN=path/to/runtime-floor skips the publish of bench/runtime-floor, the .NET floor
#   (a program built like the slipway binary that opens one connection as slipway does and runs `select 1`);
#   BENCH_HERD=0 skips the waiting-herd runs (BENCH_HERD_SIZES, default "1 8 32 128"; BENCH_HERD_REPS, default 3);
#   BENCH_FLEET=0 skips the fleet runs (BENCH_FLEET_TENANTS, default 500; BENCH_FLEET_REPS, default 1);
#   BENCH_MAIN=0 skips the single-database runs (e.g. BENCH_MAIN=0 BENCH_HERD=0 for the fleet alone);
#   BENCH_MYSQL=0 skips the MariaDB runs: a private MariaDB server (mariadb-server is installed when
#   missing; it runs as "slipwaytest" when run as root), 200 migrations in MySQL's dialect applied by
#   slipway, the mariadb client in one session (the floor) and dbmate, and no-op runs against
#   `mariadb -e 'select 1'` (e.g. BENCH_MAIN=0 BENCH_HERD=0 BENCH_FLEET=0 for MariaDB alone);
#   BENCH_METHOD_ORDER=1 measures nothing: it regenerates src/Slipway.Cli/method-order.txt from a binary
#   with symbols run under valgrind (installed when missing) against both servers (bench/method_order.py).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

WORK=$(mktemp -d -t slipway-bench.XXXXXX)
chmod 755 "$WORK"
PG_BIN=""
PG_DATA="$WORK/pgdata"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u slipwaytest -- "$@"; else "$@"; fi; }
MARIA_PID=""
cleanup() {
  if [ -n "$MARIA_PID" ]; then
    kill "$MARIA_PID" 2>/dev/null || true
    wait "$MARIA_PID" 2>/dev/null || true
  fi
  if [ -n "$PG_BIN" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

command -v python3 >/dev/null || apt_install python3
command -v npm >/dev/null || apt_install npm
command -v cc >/dev/null || apt_install gcc
# Every measured process is started by this small program: see bench/spawn.c for why.
cc -O2 -Wall -Werror -o "$WORK/spawn" "$ROOT/bench/spawn.c"
export BENCH_SPAWN="$WORK/spawn"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  apt_install postgresql
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

if [ "${BENCH_METHOD_ORDER:-0}" = 1 ]; then
  command -v valgrind >/dev/null || apt_install valgrind
  echo "== NativeAOT publish of slipway with symbols"
  dotnet publish src/Slipway.Cli/Slipway.Cli.csproj -c Release -r linux-x64 -p:PublishAot=true -p:StripSymbols=false -o "$WORK/publish" \
    -nologo -clp:NoSummary > "$WORK/publish.log" 2>&1 || { cat "$WORK/publish.log"; exit 1; }
  SLIPWAY="$WORK/publish/slipway"
  # The symbol table names the functions; valgrind gives up on the compiler's debugging information.
  strip --strip-debug "$SLIPWAY"
elif [ -n "${BENCH_SLIPWAY_BIN:-}" ]; then
  echo "== using the slipway binary in BENCH_SLIPWAY_BIN"
  SLIPWAY="$BENCH_SLIPWAY_BIN"
else
  echo "== NativeAOT publish of slipway"
  dotnet publish src/Slipway.Cli/Slipway.Cli.csproj -c Release -r linux-x64 -p:PublishAot=true -o "$WORK/publish" -nologo -clp:NoSummary > "$WORK/publish.log" 2>&1 \
    || { cat "$WORK/publish.log"; exit 1; }
  SLIPWAY="$WORK/publish/slipway"
fi
echo "   $(du -h "$SLIPWAY" | cut -f1) binary"

if [ -n "${BENCH_RUNTIME_FLOOR_BIN:-}" ]; then
  RUNTIME_FLOOR="$BENCH_RUNTIME_FLOOR_BIN"
else
  echo "== NativeAOT publish of the .NET floor (bench/runtime-floor)"
  dotnet publish bench/runtime-floor/RuntimeFloor.csproj -c Release -r linux-x64 -p:PublishAot=true -o "$WORK/runtime-floor" \
    -nologo -clp:NoSummary > "$WORK/runtime-floor.log" 2>&1 || { cat "$WORK/runtime-floor.log"; exit 1; }
  RUNTIME_FLOOR="$WORK/runtime-floor/runtime-floor"
fi
export BENCH_RUNTIME_FLOOR="$RUNTIME_FLOOR"

echo "== dbmate (npm package, Go binary)"
npm install --prefix "$WORK/dbmate" --no-audit --no-fund --silent dbmate >/dev/null
DBMATE="$WORK/dbmate/node_modules/@dbmate/linux-x64/bin/dbmate"
echo "   $("$DBMATE" --version)"

echo "== private PostgreSQL cluster (default durability: fsync, synchronous_commit, full_page_writes on)"
if [ "$(id -u)" = 0 ]; then
  id slipwaytest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin slipwaytest
fi
PG_PORT=$(free_port)
export PGPASSWORD="bench-$(date +%s%N | sha256sum | cut -c1-12)"
mkdir -p "$PG_DATA"
echo "$PGPASSWORD" > "$WORK/pgpass"
[ "$(id -u)" = 0 ] && chown slipwaytest "$PG_DATA" "$WORK/pgpass"
as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$WORK/pgpass" -A scram-sha-256 >/dev/null
rm -f "$WORK/pgpass"
cat >> "$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DATA'
max_connections = 400
CONF
touch "$WORK/postgres.log"
[ "$(id -u)" = 0 ] && chown slipwaytest "$WORK/postgres.log"
as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/postgres.log" -w -t 60 start >/dev/null
echo "   $("$PG_BIN/postgres" --version) on 127.0.0.1:$PG_PORT"

export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres PGSSLMODE=disable
export BENCH_WORK="$WORK" BENCH_SLIPWAY="$SLIPWAY" BENCH_DBMATE="$DBMATE" BENCH_PG_LOG="$WORK/postgres.log"
# The psql binary itself: the /usr/bin/psql wrapper is a Perl script that adds tens of milliseconds.
export BENCH_PSQL="$PG_BIN/psql" BENCH_RESULTS="$ROOT/bench/results"

start_mariadb() {
  mariadb_install
  MARIA_PORT=$(free_port)
  mariadb_start slipwaytest "$WORK/mariadb" "$MARIA_PORT" --max-connections=400
  MARIA_PASSWORD="bench-$(date +%s%N | sha256sum | cut -c1-12)"
  mariadb_add_user bench "$MARIA_PASSWORD" bench
  # The client reads MYSQL_PWD, so the password is never on a command line.
  export MYSQL_PWD="$MARIA_PASSWORD"
  echo "   MariaDB $(mariadbd --version | awk '{print $3}') on 127.0.0.1:$MARIA_PORT"
  export MYSQL_HOST=127.0.0.1 MYSQL_TCP_PORT="$MARIA_PORT" MYSQL_USER=bench BENCH_MARIADB="$(command -v mariadb)" BENCH_MARIA_SOCKET="$MARIA_SOCKET"
}

if [ "${BENCH_METHOD_ORDER:-0}" = 1 ]; then
  echo "== private MariaDB server"
  start_mariadb
  python3 bench/method_order.py
  exit 0
fi
if [ "${BENCH_MAIN:-1}" != 0 ]; then
  python3 bench/measure.py
fi
if [ "${BENCH_HERD:-1}" != 0 ]; then
  echo "== waiting herd: N runners started together (BENCH_HERD=0 skips it)"
  python3 bench/herd.py
fi
if [ "${BENCH_FLEET:-1}" != 0 ]; then
  echo "== fleet: tenant schemas migrated by slipway fleet, loops of slipway and dbmate, and 4 psql sessions (BENCH_FLEET=0 skips it)"
  python3 bench/fleet.py
fi
if [ "${BENCH_MYSQL:-1}" != 0 ]; then
  echo "== private MariaDB server (default durability: innodb_flush_log_at_trx_commit=1, doublewrite on; BENCH_MYSQL=0 skips it)"
  start_mariadb
  python3 bench/mysql.py
fi
