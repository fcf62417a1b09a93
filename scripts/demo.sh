#!/usr/bin/env bash
# The demo from a fresh machine: install what is needed, build the extension, and serve a real
# VS Code (code-server) with Metric Vault and the demo workspace on loopback. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
node esbuild.mjs
exec node --import tsx scripts/demo.ts "$@"
