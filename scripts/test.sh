#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what is missing, starts a throwaway PostgreSQL
# as a non-root user on a free loopback port, builds, publishes the NativeAOT CLI (failing on any
# trim/AOT warning), runs every test project and ends with "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

WORK=$(mktemp -d -t slipway-test.XXXXXX)
chmod 755 "$WORK"
CLEANUPS=()
on_exit() { CLEANUPS+=("$1"); }
cleanup() {
  local i
  for (( i=${#CLEANUPS[@]}-1; i>=0; i-- )); do eval "${CLEANUPS[$i]}" || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

# Every file in scripts/setup.d is sourced in name order: each installs and starts one thing
# (PostgreSQL, Chromium, ...) and exports what the tests need.
for setup in scripts/setup.d/*.sh; do
  # shellcheck source=/dev/null
  source "$setup"
done

echo "== build"
dotnet build Slipway.slnx -c Release -nologo -clp:ErrorsOnly

echo "== NativeAOT publish of the CLI (any trim/AOT warning fails the run)"
AOT_DIR="$WORK/aot"
dotnet publish src/Slipway.Cli/Slipway.Cli.csproj -c Release -r linux-x64 -p:PublishAot=true -o "$AOT_DIR" -nologo -clp:NoSummary > "$WORK/aot.log" 2>&1 || { cat "$WORK/aot.log"; exit 1; }
if grep -E "warning (IL|CS|AOT)[0-9]+" "$WORK/aot.log"; then echo "NativeAOT publish has warnings"; exit 1; fi
export SLIPWAY_BIN="$AOT_DIR/slipway"
echo "slipway binary: $(du -h "$SLIPWAY_BIN" | cut -f1)"

echo "== tests"
RESULTS="$WORK/results"
set +e
dotnet test Slipway.slnx -c Release --no-build -nologo --logger "trx" --results-directory "$RESULTS" -- RunConfiguration.TreatNoTestsAsError=false 2>&1 | grep -vE "^\s*$|Results File:"
set -e

passed=0; failed=0; skipped=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$(( passed + ${p:-0} ))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$(( failed + ${f:-0} ))
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$(( failed + ${e:-0} ))
  s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters"); skipped=$(( skipped + ${s:-0} ))
done
projects=$(ls tests/*/*.csproj | xargs grep -L "<IsTestProject>false" | wc -l)
reports=$(ls "$RESULTS"/*.trx 2>/dev/null | wc -l)
if [ "$reports" -lt "$projects" ]; then
  echo "only $reports of $projects test projects reported results (a test host crashed?)"
  failed=$(( failed + projects - reports ))
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
