#!/usr/bin/env bash
# Runs every check and test of the project, for both runtimes (Lua 5.4 and
# LuaJIT 2.1): formatting, lints, the Rust unit and end-to-end tests (release
# mode: the heap tests walk million-object heaps), the extension's suites.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/test-fast.sh rust

echo "== VS Code extension: lint, typecheck, unit tests, bundle"
LUA_SNAPSHOT_RUNTIMES="lua5.4 luajit" bash vscode-extension/scripts/test.sh

echo "== VS Code extension in a real VS Code (code-server + chromium)"
bash vscode-extension/scripts/e2e.sh
