#!/usr/bin/env bash
# CI entry point for the VS Code extension: clean install from the lock
# file, lint (zero warnings), typecheck, unit tests, bundle. Exits non-zero
# at the first failure. Needs Node 20 and npm, nothing else (no VS Code).
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

echo "== bundle"
npm run --silent build
