#!/usr/bin/env node
// Copies the release build of the adapter (../target/release/lua-snapshot)
// into bin/, where the packaged extension looks for it. Run by
// `npm run package` so a .vsix never ships without (or with a stale
// absence of) the binary.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const exe = process.platform === "win32" ? "lua-snapshot.exe" : "lua-snapshot";
const root = path.join(__dirname, "..");
const source = path.join(root, "..", "target", "release", exe);
const dest = path.join(root, "bin", exe);

if (!fs.existsSync(source)) {
  console.error(`error: ${source} does not exist: run cargo build --release -p lua-snapshot first`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(dest), { recursive: true });
fs.copyFileSync(source, dest);
fs.chmodSync(dest, 0o755);
console.log(`copied ${source} -> ${dest}`);
