#!/usr/bin/env bash
# The whole test suite from a fresh machine: install, build, then every tier
# (typecheck, lint, unit, integration, e2e in a real VS Code).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
npm test
