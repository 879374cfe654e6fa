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
