#!/usr/bin/env bash
# The inner loop: what scripts/test-all.sh runs, without the end-to-end test
# in a real VS Code (code-server, chromium) and without `npm ci` when the
# extension's node_modules are already there. Formatting, lints, every Rust
# test in release mode (after building the Lua modules, scripts/build-all.sh,
# and installing the Lua hosts they run in when missing), then the
# extension's lint, typecheck, unit tests and DebugClient suite against the
# release binary the Rust tests just built.
# `scripts/test-fast.sh rust` stops after the Rust part.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check
cargo fmt --manifest-path host-module/Cargo.toml -- --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets --release -- -D warnings
cargo clippy --manifest-path host-module/Cargo.toml --target-dir target --release -- -D warnings

echo "== Lua hosts and modules for the module tests"
# Debian's lua5.4 and liblua5.4-dev (tests/host), lua5.3 (refused).
bash scripts/apt-install-missing.sh lua5.4 liblua5.4-dev lua5.3
bash scripts/build-all.sh

echo "== cargo test"
cargo test --workspace --release

if [ "${1:-}" = rust ]; then
  exit 0
fi

echo "== VS Code extension: lint, typecheck, unit tests, DebugClient suite"
cd vscode-extension
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent lint
npm run --silent typecheck
npm test --silent
npm run --silent test:adapter
