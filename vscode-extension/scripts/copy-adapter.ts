// Copies the release build of every runtime's adapter
// (../target/release/lua-snapshot, ../target/release/lua-snapshot-luajit,
// the list is src/runtime.ts) into bin/, where the packaged extension looks
// for them. Run by `npm run package` (through tsx) so a .vsix never ships
// without one of them: a missing binary fails the packaging and names the
// build command.
import * as fs from "node:fs";
import * as path from "node:path";
import { binaryName, runtimes, RUNTIMES } from "../src/runtime";

const root = path.join(__dirname, "..");
const release = path.join(root, "..", "target", "release");

const missing: string[] = [];
/** Source path and file name in bin/. */
const copies: [string, string][] = [];
for (const runtime of runtimes()) {
  const exe = binaryName(runtime, process.platform);
  const source = path.join(release, exe);
  if (fs.existsSync(source)) copies.push([source, exe]);
  else missing.push(`${source} (${RUNTIMES[runtime].name}, "runtime": "${runtime}")`);
}
if (missing.length > 0) {
  console.error(`error: missing: ${missing.join(", ")}: run scripts/build-all.sh from the repository root first`);
  process.exit(1);
}
// bin/ is this script's alone (git ignores it): emptied first, so no stale
// binary of an older build is packed.
const bin = path.join(root, "bin");
fs.rmSync(bin, { recursive: true, force: true });
fs.mkdirSync(bin, { recursive: true });
for (const [source, exe] of copies) {
  const dest = path.join(bin, exe);
  // Copied under a temporary name, then renamed: bin/ never holds half a binary.
  fs.copyFileSync(source, `${dest}.tmp`);
  fs.chmodSync(`${dest}.tmp`, 0o755);
  fs.renameSync(`${dest}.tmp`, dest);
  process.stdout.write(`copied ${source} -> ${dest}\n`);
}
