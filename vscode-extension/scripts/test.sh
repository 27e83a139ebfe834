#!/usr/bin/env bash
# CI entry point for the VS Code extension: clean install from the lock
# file, lint (zero warnings), typecheck, unit tests, adapter tests, bundle.
# Exits non-zero at the first failure. Needs Node 20 and npm (no VS Code),
# and for the adapter tests the release binary built beforehand
# (`cargo build --release -p lua-snapshot`, as scripts/test-all.sh does).
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

echo "== adapter tests (DebugClient against ../target/release/lua-snapshot)"
npm run --silent test:adapter

echo "== bundle"
npm run --silent build
