#!/usr/bin/env bash
# The portal with its embedded defaults: backend on :7007, frontend on :3000,
# SQLite, guest sign-in, the example catalog. Run through scripts/dev start.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .data/sqlite
exec backstage-cli repo start "$@"
