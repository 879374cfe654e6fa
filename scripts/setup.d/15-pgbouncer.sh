# Sourced by scripts/test.sh. PgBouncer is only installed here, never started: the fault tests start
# their own instance (transaction pooling, on a free port, as the non-root PostgreSQL OS user) in front
# of the throwaway server, so they can prove the lease lock mode is safe behind a pooler.
PGBOUNCER_BIN=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
if [ ! -x "$PGBOUNCER_BIN" ]; then
  echo "== installing PgBouncer"
  apt_install pgbouncer
  # The Debian package starts a system instance; the tests never use it.
  (systemctl stop pgbouncer || service pgbouncer stop) >/dev/null 2>&1 || true
  PGBOUNCER_BIN=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
fi
export SLIPWAY_TEST_PGBOUNCER="$PGBOUNCER_BIN"
