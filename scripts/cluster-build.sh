#!/usr/bin/env bash
# Builds the pinned binaries of the local Kubernetes control plane (scripts/cluster.sh) into
# .cache/cluster/bin: kube-apiserver, kube-controller-manager, kube-scheduler (k8s.io/kubernetes),
# etcd (go.etcd.io/etcd/server/v3) and kwok (sigs.k8s.io/kwok), each from its wrapper module in
# tools/cluster. Skips a binary already built from the same pinned go.mod/go.sum; skips everything,
# with a message, where Go is missing (the cluster tests then skip with the same message).
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="/usr/local/go/bin:$PATH"
if ! command -v go >/dev/null 2>&1; then
  echo "cluster-build: Go is not installed (looked on PATH and in /usr/local/go/bin): skipping the" \
    "local Kubernetes control plane; tests that need it will be skipped. Install Go ≥ 1.26 and" \
    "run 'bash scripts/cluster-build.sh'."
  exit 0
fi

BIN=.cache/cluster/bin
mkdir -p "$BIN"
export GOFLAGS='-mod=mod -buildvcs=false' CGO_ENABLED=0 GOTOOLCHAIN=local
# Two cores are shared with everything else: one package compiled at a time keeps memory and
# the rest of the machine usable; the compiler's own concurrency still uses both cores.
PARALLEL="${CLUSTER_BUILD_PARALLEL:-2}"

# build <module dir> <output name> <package>: rebuilds only when the module's pins changed.
build() {
  local dir="$1" name="$2" pkg="$3"
  local stamp="$BIN/.$name.pins"
  local pins
  pins="$(cat "tools/cluster/$dir/go.mod" "tools/cluster/$dir/go.sum" | sha256sum | cut -c1-16)"
  if [ -x "$BIN/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$pins" ]; then
    echo "cluster-build: $name is up to date"
    return
  fi
  echo "cluster-build: building $name ($pkg)…"
  local start=$SECONDS
  # Built beside, then moved: a half-written binary never looks built.
  (cd "tools/cluster/$dir" && go build -p "$PARALLEL" -trimpath -ldflags='-s -w' -o "../../../$BIN/.$name.tmp" "$pkg")
  mv -f "$BIN/.$name.tmp" "$BIN/$name"
  echo "$pins" > "$stamp"
  echo "cluster-build: $name built in $((SECONDS - start)) s"
}

build etcd etcd ./cmd/etcd
build kwok kwok sigs.k8s.io/kwok/cmd/kwok
build kube kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
build kube kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager
build kube kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler
du -sh "$BIN" | awk '{print "cluster-build: binaries take " $1}'
