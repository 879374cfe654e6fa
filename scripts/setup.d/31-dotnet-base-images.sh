# Sourced by scripts/test.sh after 30-containers.sh. Local stand-ins for the official ASP.NET Core
# runtime and SDK images (the Dockerfile's BASE_RUNTIME and BASE_SDK), made from this machine's .NET SDK
# on top of the local Debian base, so the image test can build the app target from source without a
# registry:
#   SLIPWAY_TEST_ASPNET_IMAGE  Debian base + the dotnet host + Microsoft.NETCore.App + Microsoft.AspNetCore.App
#   SLIPWAY_TEST_SDK_IMAGE     the above + the rest of the SDK folder (layered like the official images)
# Neither has libicu: the app and slipway run with InvariantGlobalization, and the SDK image sets
# DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 (cheaper than adding libicu to debootstrap).
# Made in the background once the Debian base is ready, while the solution builds;
# SLIPWAY_TEST_DOTNET_IMAGES_STATUS holds "ok" or the failure.
# SLIPWAY_TEST_NUGET_PACKAGES is the global packages folder the solution build restores into: the image
# build mounts it read-only and restores from it alone (no feed is reachable inside a build).
DOTNET_DIR=$(dirname "$(readlink -f "$(command -v dotnet)")")
export SLIPWAY_TEST_ASPNET_IMAGE="localhost/dotnet-aspnet:local"
export SLIPWAY_TEST_SDK_IMAGE="localhost/dotnet-sdk:local"
export SLIPWAY_TEST_DOTNET_IMAGES_STATUS="$CONTAINERS_DIR/dotnet-images.status"
SLIPWAY_TEST_NUGET_PACKAGES=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')
export SLIPWAY_TEST_NUGET_PACKAGES="${SLIPWAY_TEST_NUGET_PACKAGES%/}"

DOTNET_IMAGES_DIR="$CONTAINERS_DIR/dotnet-images"
mkdir -p "$DOTNET_IMAGES_DIR"
# The SDK folder is the build context of both; the ignore files pick what each image takes from it.
cat > "$DOTNET_IMAGES_DIR/aspnet.Containerfile" <<'EOF'
ARG BASE
FROM ${BASE}
COPY . /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet
EOF
printf '*\n!dotnet\n!host\n!shared\n' > "$DOTNET_IMAGES_DIR/aspnet.ignore"
cat > "$DOTNET_IMAGES_DIR/sdk.Containerfile" <<'EOF'
ARG BASE
FROM ${BASE}
COPY . /usr/share/dotnet/
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
EOF
printf 'dotnet\nhost\nshared\n' > "$DOTNET_IMAGES_DIR/sdk.ignore"

(
  while [ ! -f "$SLIPWAY_TEST_BASE_IMAGE_STATUS" ]; do sleep 1; done
  started=$(date +%s)
  if ! grep -q '^ok' "$SLIPWAY_TEST_BASE_IMAGE_STATUS"; then
    { echo "no Debian base image to build on:"; cat "$SLIPWAY_TEST_BASE_IMAGE_STATUS"; } > "$SLIPWAY_TEST_DOTNET_IMAGES_STATUS.tmp"
  elif podman build --quiet --pull=never --build-arg "BASE=$SLIPWAY_TEST_BASE_IMAGE" -f "$DOTNET_IMAGES_DIR/aspnet.Containerfile" \
        --ignorefile "$DOTNET_IMAGES_DIR/aspnet.ignore" -t "$SLIPWAY_TEST_ASPNET_IMAGE" "$DOTNET_DIR" > "$DOTNET_IMAGES_DIR/build.log" 2>&1 \
      && podman build --quiet --pull=never --build-arg "BASE=$SLIPWAY_TEST_ASPNET_IMAGE" -f "$DOTNET_IMAGES_DIR/sdk.Containerfile" \
        --ignorefile "$DOTNET_IMAGES_DIR/sdk.ignore" -t "$SLIPWAY_TEST_SDK_IMAGE" "$DOTNET_DIR" >> "$DOTNET_IMAGES_DIR/build.log" 2>&1; then
    echo "ok $(( $(date +%s) - started ))s" > "$SLIPWAY_TEST_DOTNET_IMAGES_STATUS.tmp"
  else
    { echo "building the .NET base images from $DOTNET_DIR failed:"; tail -20 "$DOTNET_IMAGES_DIR/build.log"; } > "$SLIPWAY_TEST_DOTNET_IMAGES_STATUS.tmp"
  fi
  mv "$SLIPWAY_TEST_DOTNET_IMAGES_STATUS.tmp" "$SLIPWAY_TEST_DOTNET_IMAGES_STATUS"
) &
DOTNET_IMAGES_PID=$!
on_exit "kill $DOTNET_IMAGES_PID 2>/dev/null; wait $DOTNET_IMAGES_PID 2>/dev/null"
echo "== making the local .NET base images $SLIPWAY_TEST_ASPNET_IMAGE and $SLIPWAY_TEST_SDK_IMAGE in the background (from $DOTNET_DIR)"
