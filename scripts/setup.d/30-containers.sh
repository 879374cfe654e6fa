# Sourced by scripts/test.sh. podman for the image tests, with its own configuration and storage in
# the run's temp folder (nothing on the machine changes), and a local Debian base image made with
# debootstrap (minbase + libssl3 + CA certificates: what the official runtime-deps image holds), because
# no registry is reachable: the Dockerfile's BASE_* build arguments point at it.
# The base is made in the background while the solution builds; the image test waits for it
# (SLIPWAY_TEST_BASE_IMAGE_STATUS holds "ok" or the failure) and it lives only as long as this run.
if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || ! command -v runc >/dev/null; then
  echo "== installing podman, buildah, runc, debootstrap"
  apt_install podman buildah runc debootstrap
fi

CONTAINERS_DIR="$WORK/containers"
mkdir -p "$CONTAINERS_DIR"
# runc + cgroupfs + low ulimits: what works inside CI containers without systemd or a cgroup delegate.
cat > "$CONTAINERS_DIR/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1000:1000"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
STORAGE_DRIVER=overlay
if ! grep -qw overlay /proc/filesystems; then STORAGE_DRIVER=vfs; fi
cat > "$CONTAINERS_DIR/storage.conf" <<CONF
[storage]
driver = "$STORAGE_DRIVER"
graphroot = "$CONTAINERS_DIR/storage"
runroot = "$CONTAINERS_DIR/run"
CONF
export CONTAINERS_CONF="$CONTAINERS_DIR/containers.conf" CONTAINERS_STORAGE_CONF="$CONTAINERS_DIR/storage.conf"
# Storage may hold overlay mounts: unmount before the temp folder is removed.
on_exit "podman unmount --all >/dev/null 2>&1; podman rm --all --force >/dev/null 2>&1"

# The Debian mirror apt already uses, and this machine's release.
DEBIAN_MIRROR=$(grep -hoE '^(URIs:|deb)\s+\S+' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
  | awk '{print $2}' | grep -vE 'security|updates' | grep -E '/debian/?$' | head -1 || true)
DEBIAN_SUITE=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
export SLIPWAY_TEST_BASE_IMAGE="localhost/debian-base:$DEBIAN_SUITE"
export SLIPWAY_TEST_BASE_IMAGE_STATUS="$CONTAINERS_DIR/base-image.status"
(
  started=$(date +%s)
  if [ -z "$DEBIAN_MIRROR" ]; then
    echo "no Debian mirror found in /etc/apt/sources.list*" > "$SLIPWAY_TEST_BASE_IMAGE_STATUS.tmp"
  elif debootstrap --variant=minbase --include=libssl3,ca-certificates "$DEBIAN_SUITE" "$CONTAINERS_DIR/rootfs" "$DEBIAN_MIRROR" > "$CONTAINERS_DIR/debootstrap.log" 2>&1 \
      && tar -C "$CONTAINERS_DIR/rootfs" -c . | podman import --quiet - "$SLIPWAY_TEST_BASE_IMAGE" >> "$CONTAINERS_DIR/debootstrap.log" 2>&1; then
    echo "ok $(( $(date +%s) - started ))s" > "$SLIPWAY_TEST_BASE_IMAGE_STATUS.tmp"
  else
    { echo "debootstrap/import of $DEBIAN_SUITE from $DEBIAN_MIRROR failed:"; tail -20 "$CONTAINERS_DIR/debootstrap.log"; } > "$SLIPWAY_TEST_BASE_IMAGE_STATUS.tmp"
  fi
  rm -rf "$CONTAINERS_DIR/rootfs"
  mv "$SLIPWAY_TEST_BASE_IMAGE_STATUS.tmp" "$SLIPWAY_TEST_BASE_IMAGE_STATUS"
) &
BASE_IMAGE_PID=$!
on_exit "kill $BASE_IMAGE_PID 2>/dev/null; wait $BASE_IMAGE_PID 2>/dev/null"
echo "== making the local base image $SLIPWAY_TEST_BASE_IMAGE in the background (debootstrap from $DEBIAN_MIRROR)"
