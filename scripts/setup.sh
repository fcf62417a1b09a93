#!/usr/bin/env bash
# Installs everything the tests and the demo need on a fresh Debian 12 machine, and is safe to
# run again: Debian packages (chromium, influxdb, code-server's build needs), the npm packages
# (including the project's own Node 24), the pinned code-server, and the local Kubernetes control
# plane's binaries (scripts/cluster-build.sh; skipped with a message where Go is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for pkg in chromium curl fonts-nanum influxdb iproute2 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev openssl pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# The influxdb package starts a system service on :8086; tests start their own on free ports.
if command -v systemctl >/dev/null 2>&1; then systemctl stop influxdb >/dev/null 2>&1 || true; fi

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages…"
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/install-code-server.sh
bash scripts/cluster-build.sh
