#!/usr/bin/env bash
# CI entry point for the VS Code extension: clean install from the lock
# file, lint (zero warnings), typecheck, unit tests, adapter tests, bundle.
# Exits non-zero at the first failure. Needs Node 20 and npm (no VS Code),
# and for the adapter tests the release binaries and modules built
# beforehand (`scripts/build-all.sh`, as scripts/test-all.sh does).
# The adapter tests run once per runtime of $LUA_SNAPSHOT_RUNTIMES (default
# "lua5.4"; "lua5.4 luajit" adds a pass against lua-snapshot-luajit).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== npm ci"
npm ci --no-audit --no-fund

echo "== lint"
npm run --silent lint

echo "== typecheck"
npm run --silent typecheck

echo "== unit tests"
npm test --silent

for runtime in ${LUA_SNAPSHOT_RUNTIMES:-lua5.4}; do
  echo "== adapter tests on $runtime (DebugClient against its binary in ../target/release/)"
  LUA_SNAPSHOT_RUNTIME=$runtime npm run --silent test:adapter
done

echo "== bundle"
npm run --silent build
