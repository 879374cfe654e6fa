#!/usr/bin/env bash
# The main job on the embedded default: migrate the sample app's database (an SQLite file, no
# DATABASE_URL needed) and show its status.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Slipway.Cli/Slipway.Cli.csproj -c Release -nologo -clp:ErrorsOnly >/dev/null
SLIPWAY="dotnet src/Slipway.Cli/bin/Release/net10.0/Slipway.Cli.dll"
export DATABASE_URL="${DATABASE_URL:-sqlite:samples/SampleWebApp/sample-web-app.db}"
MIGRATIONS=samples/SampleWebApp/migrations/sqlite
case "$DATABASE_URL" in postgres*) MIGRATIONS=samples/SampleWebApp/migrations/postgres ;; esac
$SLIPWAY migrate --migrations "$MIGRATIONS"
$SLIPWAY status --migrations "$MIGRATIONS"
