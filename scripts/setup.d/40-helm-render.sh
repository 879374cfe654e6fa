# Sourced by scripts/test.sh. Builds tools/helm-render, the chart renderer the chart tests use in
# place of helm (no helm binary is obtainable offline): Go text/template + sprig + Helm's functions,
# compiled from Debian's Go packages in GOPATH mode, without any module download. yaml.v2, not v3:
# Helm's toYaml is yaml.v2 underneath, and matching its output exactly is the point.
if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/github.com/Masterminds/sprig ] || [ ! -d /usr/share/gocode/src/gopkg.in/yaml.v2 ]; then
  echo "== installing Go and the sprig/yaml packages"
  apt_install golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v2-dev
fi
HELM_RENDER_DIR="$WORK/helm-render"
mkdir -p "$HELM_RENDER_DIR"
echo "== building tools/helm-render"
( cd tools/helm-render && GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS= GOCACHE="$HELM_RENDER_DIR/cache" \
    go build -o "$HELM_RENDER_DIR/helm-render" . )
export SLIPWAY_HELM_RENDER="$HELM_RENDER_DIR/helm-render"
