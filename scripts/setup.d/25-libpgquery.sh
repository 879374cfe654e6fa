# Sourced by scripts/test.sh. libpg_query (PostgreSQL's parser as a C library) for `slipway lint`.
# The CLI loads it at run time, so only lint and its tests need it; the build does not.
if ! ldconfig -p 2>/dev/null | grep -q 'libpg_query\.so'; then
  echo "== installing libpg_query"
  apt_install libpg-query-dev
fi
