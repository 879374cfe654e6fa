# syntax=docker/dockerfile:1
# Two images from one build:
#   --target migration  the dedicated migration image: the NativeAOT `slipway` binary, its native
#                       SQLite library and the app's migrations on a minimal base. Nothing else.
#   --target app        the sample web app on the ASP.NET Core runtime, with `slipway` beside it so
#                       the chart's migration.useAppImage: true runs the same command.
# Both run as a non-root numeric UID and work with a read-only root filesystem.
#
# Base images are build arguments so the same file builds from locally made bases where no registry
# is reachable. CLI_FROM=cli-prebuilt packages an already published NativeAOT build from the build
# context (CLI_PREBUILT_DIR) instead of compiling it again: publish it for the image's architecture.
ARG BASE_SDK=mcr.microsoft.com/dotnet/sdk:10.0
ARG BASE_RUNTIME=mcr.microsoft.com/dotnet/aspnet:10.0
ARG BASE_RUNTIME_DEPS=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled
ARG CLI_FROM=cli-build

# ---- build: restore once, then publish the CLI (NativeAOT) and the app
FROM ${BASE_SDK} AS sdk
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
COPY samples/ samples/

FROM sdk AS cli-build
# NativeAOT links with the platform toolchain; the official SDK image lacks clang/zlib headers.
RUN if ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then \
      apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*; \
    fi
# For the image's architecture (TARGETARCH, set by BuildKit, buildah and podman; the build machine's
# when unset). NativeAOT does not cross-compile between architectures, so a multi-platform build runs
# this stage on each platform.
ARG TARGETARCH
RUN arch="${TARGETARCH:-$(uname -m)}"; \
    case "$arch" in \
      amd64|x86_64) rid=linux-x64 ;; \
      arm64|aarch64) rid=linux-arm64 ;; \
      *) echo "TARGETARCH $arch: slipway's NativeAOT build supports amd64 and arm64" >&2; exit 1 ;; \
    esac; \
    dotnet publish src/Slipway.Cli/Slipway.Cli.csproj -c Release -r "$rid" -p:PublishAot=true -o /out/slipway \
    && test -x /out/slipway/slipway && test -f /out/slipway/libe_sqlite3.so

FROM scratch AS cli-prebuilt
ARG CLI_PREBUILT_DIR=artifacts/slipway
COPY ${CLI_PREBUILT_DIR}/slipway ${CLI_PREBUILT_DIR}/libe_sqlite3.so /out/slipway/

FROM ${CLI_FROM} AS cli

FROM sdk AS app-build
# Both empty by default: restore from the configured NuGet feeds. Without a reachable feed, mount a
# folder that already holds every package (a NuGet global packages folder after `dotnet restore`) and
# restore from it alone, e.g. podman build --volume ~/.nuget/packages:/nuget:ro
# --build-arg NUGET_PACKAGES=/nuget --build-arg RESTORE_SOURCE=/nuget (see docs/kubernetes.md).
ARG NUGET_PACKAGES
ARG RESTORE_SOURCE
# For the image's architecture only: a portable publish would carry native SQLite libraries for every
# platform (about 50 MB). Builders without TARGETARCH fall back to the portable publish.
ARG TARGETARCH
RUN dotnet publish samples/SampleWebApp/SampleWebApp.csproj -c Release -o /out/app -p:UseAppHost=false \
      ${TARGETARCH:+-a "$TARGETARCH"} --no-self-contained ${RESTORE_SOURCE:+--source "$RESTORE_SOURCE"}

# ---- migration: NativeAOT slipway + migrations; no shell needed, no package manager, no app code
FROM ${BASE_RUNTIME_DEPS} AS migration
ARG APP_UID=1654
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE_URL=
LABEL org.opencontainers.image.title="sample-web-app-migration" \
      org.opencontainers.image.description="Slipway database migrations for sample-web-app: run 'slipway migrate' with DATABASE_URL" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE_URL}"
COPY --from=cli --chown=0:0 --chmod=0555 /out/slipway/ /opt/slipway/
COPY --chown=0:0 --chmod=0444 samples/SampleWebApp/migrations/postgres/ /migrations/
# The MySQL/MariaDB migrations, for migration.migrationsPath: /migrations/mysql (slipway reads a folder's
# own files only, so the PostgreSQL run in /migrations does not see them).
COPY --chown=0:0 --chmod=0444 samples/SampleWebApp/migrations/mysql/ /migrations/mysql/
# --wait: an init container often starts before the database accepts connections.
ENV PATH="/opt/slipway:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    SLIPWAY_MIGRATIONS=/migrations \
    SLIPWAY_WAIT=60s
WORKDIR /migrations
USER ${APP_UID}:${APP_UID}
CMD ["slipway", "migrate"]

# ---- app: the web app, plus slipway for migration.useAppImage: true
FROM ${BASE_RUNTIME} AS app
ARG APP_UID=1654
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE_URL=
LABEL org.opencontainers.image.title="sample-web-app" \
      org.opencontainers.image.description="The Slipway sample web app; also contains slipway and its migrations" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE_URL}"
WORKDIR /app
COPY --from=app-build --chown=0:0 /out/app/ /app/
COPY --from=cli --chown=0:0 --chmod=0555 /out/slipway/ /opt/slipway/
COPY --chown=0:0 --chmod=0444 samples/SampleWebApp/migrations/postgres/ /migrations/
# The MySQL/MariaDB migrations, for migration.migrationsPath: /migrations/mysql (slipway reads a folder's
# own files only, so the PostgreSQL run in /migrations does not see them).
COPY --chown=0:0 --chmod=0444 samples/SampleWebApp/migrations/mysql/ /migrations/mysql/
ENV PATH="/opt/slipway:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    SLIPWAY_MIGRATIONS=/migrations \
    SLIPWAY_WAIT=60s \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_EnableDiagnostics=0
EXPOSE 8080
USER ${APP_UID}:${APP_UID}
# CMD, not ENTRYPOINT: `kubectl run ... -- slipway migrate` then works with this image as with the migration image.
CMD ["dotnet", "/app/SampleWebApp.dll"]
