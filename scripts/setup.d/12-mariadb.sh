# Sourced by scripts/test.sh. A throwaway MariaDB server: it runs as the user "slipwaytest" (as
# PostgreSQL does), in a temp directory, on a free loopback port, with a password-protected user that
# may create databases (every test makes its own), stopped on exit. The functions are in scripts/lib.sh,
# shared with bench/run.sh.
mariadb_install
# The tests replay golang-migrate folders the way its driver does (a whole file as one multi-statement
# query) with PyMySQL (Debian's, for the system Python), as the reference for where the server ends each statement.
if ! /usr/bin/python3 -c 'import pymysql' >/dev/null 2>&1; then
  apt_install python3-pymysql
fi
MARIA_PORT=$(free_port)
MARIA_PASSWORD="s3cret-$(date +%s%N | sha256sum | cut -c1-12)"
# Durability settings are off as for the test PostgreSQL; max_connections covers the 16-runner test
# and parallel test classes.
mariadb_start slipwaytest "$WORK/mariadb" "$MARIA_PORT" \
  --innodb-flush-log-at-trx-commit=0 --sync-binlog=0 --innodb-doublewrite=0 \
  --max-connections=400 --innodb-buffer-pool-size=64M \
  || { [ -n "${MARIA_PID:-}" ] && kill "$MARIA_PID" 2>/dev/null; exit 1; }
on_exit "kill $MARIA_PID 2>/dev/null; wait $MARIA_PID 2>/dev/null"
mariadb_add_user slipway "$MARIA_PASSWORD" slipway
echo "== started MariaDB $(mariadbd --version | awk '{print $3}') on 127.0.0.1:$MARIA_PORT"
export SLIPWAY_TEST_MYSQL="mysql://slipway:$MARIA_PASSWORD@127.0.0.1:$MARIA_PORT/slipway"
export SLIPWAY_TEST_MYSQL_SOCKET="$MARIA_SOCKET"
