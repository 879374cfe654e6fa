#!/usr/bin/env bash
# The main job on the embedded default: migrate the sample app's database with the slipway CLI (an
# SQLite file, no DATABASE_URL needed), show its status, then serve the sample notes app on a
# loopback port you can open in a browser. Runs until Ctrl+C.
#   SAMPLE_PORT=8080 ./scripts/run-sample.sh          choose the port (default: 5080, or the next free one)
#   DATABASE_URL=postgresql://... ./scripts/run-sample.sh   use PostgreSQL instead
#   DATABASE_URL=mysql://... ./scripts/run-sample.sh        use MySQL or MariaDB (also mariadb://...)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Slipway.Cli/Slipway.Cli.csproj -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build samples/SampleWebApp/SampleWebApp.csproj -c Release -nologo -clp:ErrorsOnly >/dev/null
SLIPWAY="dotnet src/Slipway.Cli/bin/Release/net10.0/Slipway.Cli.dll"
export DATABASE_URL="${DATABASE_URL:-sqlite:samples/SampleWebApp/sample-web-app.db}"
MIGRATIONS=samples/SampleWebApp/migrations/sqlite
case "$DATABASE_URL" in
  postgres*) MIGRATIONS=samples/SampleWebApp/migrations/postgres ;;
  mysql://*|mariadb://*) MIGRATIONS=samples/SampleWebApp/migrations/mysql ;;
esac
$SLIPWAY migrate --migrations "$MIGRATIONS"
$SLIPWAY status --migrations "$MIGRATIONS"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT="${SAMPLE_PORT:-5080}"
if [ -z "${SAMPLE_PORT:-}" ]; then
  while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
fi

URL="http://127.0.0.1:$PORT"
echo
echo "Sample notes app: $URL   (schema status: $URL/slipway, readiness: $URL/healthz/ready, metrics: $URL/metrics)"
echo "Press Ctrl+C to stop."
# Development: readable console logs and an open status page (in Production it needs a key).
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
exec dotnet samples/SampleWebApp/bin/Release/net10.0/SampleWebApp.dll --urls "$URL" --contentRoot "$PWD/samples/SampleWebApp"
