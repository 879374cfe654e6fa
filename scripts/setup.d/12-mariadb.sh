# Sourced by scripts/test.sh. A throwaway MariaDB server: it runs as the user "slipwaytest" (as
# PostgreSQL does), in a temp directory, on a free loopback port, with a password-protected user that
# may create databases (every test makes its own), stopped on exit.
if ! command -v mariadbd >/dev/null 2>&1 || ! command -v mariadb >/dev/null 2>&1; then
  echo "== installing MariaDB"
  apt_install mariadb-server mariadb-client
fi
# The tests replay golang-migrate folders the way its driver does (a whole file as one multi-statement
# query) with PyMySQL (Debian's, for the system Python), as the reference for where the server ends each statement.
if ! /usr/bin/python3 -c 'import pymysql' >/dev/null 2>&1; then
  apt_install python3-pymysql
fi
MARIA_USER=slipwaytest
id "$MARIA_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$MARIA_USER"
MARIA_DIR="$WORK/mariadb"
MARIA_PORT=$(free_port)
MARIA_PASSWORD="s3cret-$(date +%s%N | sha256sum | cut -c1-12)"
mkdir -p "$MARIA_DIR/data" && chown -R "$MARIA_USER" "$MARIA_DIR"
runuser -u "$MARIA_USER" -- mariadb-install-db --no-defaults --datadir="$MARIA_DIR/data" \
  --auth-root-authentication-method=normal --skip-test-db >"$MARIA_DIR/install.log" 2>&1 \
  || { cat "$MARIA_DIR/install.log"; exit 1; }
# Durability settings are off as for the test PostgreSQL; max_connections covers the 16-runner test
# and parallel test classes.
runuser -u "$MARIA_USER" -- mariadbd --no-defaults --datadir="$MARIA_DIR/data" --port="$MARIA_PORT" \
  --bind-address=127.0.0.1 --socket="$MARIA_DIR/mysqld.sock" --pid-file="$MARIA_DIR/mysqld.pid" \
  --skip-log-bin --innodb-flush-log-at-trx-commit=0 --sync-binlog=0 --innodb-doublewrite=0 \
  --max-connections=400 --innodb-buffer-pool-size=64M --log-error="$MARIA_DIR/error.log" >/dev/null 2>&1 &
MARIA_PID=$!
on_exit "kill $MARIA_PID 2>/dev/null; wait $MARIA_PID 2>/dev/null"
for _ in $(seq 1 120); do
  mariadb-admin --no-defaults -uroot --socket="$MARIA_DIR/mysqld.sock" ping >/dev/null 2>&1 && break
  sleep 0.25
done
mariadb-admin --no-defaults -uroot --socket="$MARIA_DIR/mysqld.sock" ping >/dev/null 2>&1 \
  || { cat "$MARIA_DIR/error.log"; echo "MariaDB did not start"; exit 1; }
mariadb --no-defaults -uroot --socket="$MARIA_DIR/mysqld.sock" <<SQL
CREATE USER 'slipway'@'127.0.0.1' IDENTIFIED BY '$MARIA_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO 'slipway'@'127.0.0.1' WITH GRANT OPTION;
CREATE DATABASE slipway;
SQL
echo "== started MariaDB $(mariadbd --version | awk '{print $3}') on 127.0.0.1:$MARIA_PORT"
export SLIPWAY_TEST_MYSQL="mysql://slipway:$MARIA_PASSWORD@127.0.0.1:$MARIA_PORT/slipway"
export SLIPWAY_TEST_MYSQL_SOCKET="$MARIA_DIR/mysqld.sock"
