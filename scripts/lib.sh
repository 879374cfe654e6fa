# Shell helpers shared by scripts/test.sh and bench/run.sh (sourced, not run).

APT_UPDATED=0
# Installs Debian packages (callers check first that a command they provide is missing).
apt_install() {
  if [ "$(id -u)" != 0 ]; then echo "missing $*: install it (apt-get install $*) or run as root" >&2; exit 1; fi
  if [ "$APT_UPDATED" = 0 ]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Prints a loopback port nothing listens on: other services may hold the usual ones.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

# Runs a command as OS user $1 when this script runs as root (servers refuse root), else as ourselves.
as_user() {
  local user=$1; shift
  if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

# MariaDB's server and client from Debian, when missing.
mariadb_install() {
  if ! command -v mariadbd >/dev/null 2>&1 || ! command -v mariadb >/dev/null 2>&1; then
    echo "== installing MariaDB"
    apt_install mariadb-server mariadb-client
  fi
}

# Starts a private MariaDB server: mariadb_start OS_USER DIR PORT [mariadbd options...]. It runs as
# OS_USER (when root; else as this user) with its data, socket and logs in DIR, listening on
# 127.0.0.1:PORT only. Sets MARIA_PID and MARIA_SOCKET and returns once it answers; the caller stops it.
mariadb_start() {
  local user=$1 dir=$2 port=$3; shift 3
  if [ "$(id -u)" = 0 ]; then
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  fi
  mkdir -p "$dir/data"
  [ "$(id -u)" = 0 ] && chown -R "$user" "$dir"
  as_user "$user" mariadb-install-db --no-defaults --datadir="$dir/data" \
    --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 \
    || { cat "$dir/install.log"; return 1; }
  MARIA_SOCKET="$dir/mysqld.sock"
  # Started directly (not through a function, which would run in a subshell): MARIA_PID is then the
  # process that stops the server when killed.
  local run=()
  [ "$(id -u)" = 0 ] && run=(runuser -u "$user" --)
  "${run[@]}" mariadbd --no-defaults --datadir="$dir/data" --port="$port" \
    --bind-address=127.0.0.1 --socket="$MARIA_SOCKET" --pid-file="$dir/mysqld.pid" \
    --skip-log-bin --log-error="$dir/error.log" "$@" >/dev/null 2>&1 &
  MARIA_PID=$!
  for _ in $(seq 1 120); do
    mariadb-admin --no-defaults -uroot --socket="$MARIA_SOCKET" ping >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  cat "$dir/error.log"; echo "MariaDB did not start"; return 1
}

# Creates a password user with every privilege, connecting over TCP from 127.0.0.1, and a database:
# mariadb_add_user USER PASSWORD DATABASE (as root over the socket of mariadb_start).
mariadb_add_user() {
  mariadb --no-defaults -uroot --socket="$MARIA_SOCKET" <<SQL
CREATE USER '$1'@'127.0.0.1' IDENTIFIED BY '$2';
GRANT ALL PRIVILEGES ON *.* TO '$1'@'127.0.0.1' WITH GRANT OPTION;
CREATE DATABASE \`$3\`;
SQL
}
