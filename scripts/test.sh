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
# Tests that bound a wall-clock time (a lock wait, a takeover, an exit after SIGTERM) are marked
# [Trait("Category", "Timing")] and run after the rest, so they never share the two cores with the
# fault tests' dozens of runner processes. They also measure waits on the server where they can.
RESULTS="$WORK/results"
set +e
dotnet test Slipway.slnx -c Release --no-build -nologo --logger "trx" --results-directory "$RESULTS/main" \
  --filter "Category!=Timing" -- RunConfiguration.TreatNoTestsAsError=false 2>&1 | grep -vE "^\s*$|Results File:"
echo "== timing-sensitive tests, after the rest"
dotnet test Slipway.slnx -c Release --no-build -nologo --logger "trx" --results-directory "$RESULTS/timing" \
  --filter "Category=Timing" -- RunConfiguration.TreatNoTestsAsError=false 2>&1 | grep -vE "^\s*$|Results File:|No test matches the given testcase filter"
set -e

passed=0; failed=0; skipped=0
for trx in "$RESULTS"/*/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$(( passed + ${p:-0} ))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$(( failed + ${f:-0} ))
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$(( failed + ${e:-0} ))
  s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters"); skipped=$(( skipped + ${s:-0} ))
done
# Every test project must have run tests: one that discovers none (a broken attribute, a missing
# reference, a filter that matches nothing) would otherwise pass unnoticed.
for project in $(ls tests/*/*.csproj | xargs grep -L "<IsTestProject>false"); do
  name=$(basename "$project" .csproj)
  ran=0
  for trx in "$RESULTS"/*/*.trx; do
    [ -f "$trx" ] || continue
    if grep -qiF "/$name.dll\"" "$trx"; then
      total=$(grep -o '<Counters [^>]*>' "$trx" | head -1 | sed -n 's/.* total="\([0-9]*\)".*/\1/p')
      ran=$(( ran + ${total:-0} ))
    fi
  done
  if [ "$ran" -eq 0 ]; then
    echo "$name reported no tests (none discovered, or its test host crashed)"
    failed=$(( failed + 1 ))
  fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
