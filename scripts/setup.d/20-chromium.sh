# Sourced by scripts/test.sh. Headless Chromium for the browser tests of the sample web app: the
# Debian package, installed only when missing (the test drivers never download a browser of their own).
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Chromium"
  apt_install chromium
fi
export SLIPWAY_TEST_CHROMIUM
SLIPWAY_TEST_CHROMIUM=$(command -v chromium)
