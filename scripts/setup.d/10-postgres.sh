# Sourced by scripts/test.sh. A throwaway PostgreSQL cluster: PostgreSQL refuses to run as root, so it
# runs as the user "slipwaytest", in a temp directory, on a free loopback port, stopped on exit.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "== installing PostgreSQL"
  apt_install postgresql
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
PG_USER=slipwaytest
id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
PG_DATA="$WORK/pgdata"
PG_PORT=$(free_port)
PG_PASSWORD="s3cret-$(date +%s%N | sha256sum | cut -c1-12)"
mkdir -p "$PG_DATA" && chown "$PG_USER" "$PG_DATA"
echo "$PG_PASSWORD" > "$WORK/pgpass" && chown "$PG_USER" "$WORK/pgpass"
runuser -u "$PG_USER" -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$WORK/pgpass" -A scram-sha-256 --no-sync >/dev/null
rm -f "$WORK/pgpass"
cat >> "$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DATA'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
CONF
echo "== starting PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
touch "$WORK/postgres.log" && chown "$PG_USER" "$WORK/postgres.log"
runuser -u "$PG_USER" -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/postgres.log" -w -t 60 start >/dev/null
on_exit "runuser -u $PG_USER -- $PG_BIN/pg_ctl -D $PG_DATA -m immediate -w stop >/dev/null"
export SLIPWAY_TEST_PG="postgresql://postgres:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres"
export SLIPWAY_TEST_PG_BIN="$PG_BIN" SLIPWAY_TEST_PG_DATA="$PG_DATA" SLIPWAY_TEST_PG_OSUSER="$PG_USER" SLIPWAY_TEST_PG_LOG="$WORK/postgres.log"
