// The launch attribute `runtime` against the real binaries: the extension's
// own choice of binary (adapterCandidate, with luaSnapshot.adapterPath set
// to target/release/ as a developer would) runs a script that prints which
// Lua it has. A runtime whose binary is not built is skipped and says so,
// except Lua 5.4, the default, which must be there.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import { adapterCandidate } from "../../src/adapterPath";
import { DEFAULT_RUNTIME, RUNTIMES, runtimes, type Runtime } from "../../src/runtime";
import { Adapter, fixture, RELEASE_DIR } from "./support";

const VERSION = fixture("dapclient/version.lua");

/** What version.lua prints on each runtime: `_VERSION`, then `jit.version` or "no jit". */
const PRINTS: Record<Runtime, RegExp> = {
  "lua5.4": /^Lua 5\.4\tno jit\n$/,
  luajit: /^Lua 5\.1\tLuaJIT 2\.1[^\n]*\n$/,
  "lua5.3": /^Lua 5\.3\tno jit\n$/,
  "lua5.1": /^Lua 5\.1\tno jit\n$/,
};

function binaryOf(runtime: Runtime): string {
  return adapterCandidate({
    setting: RELEASE_DIR,
    runtime,
    extensionPath: "/nonexistent/ext",
    platform: process.platform,
    home: os.homedir(),
    isDirectory: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
  }).path;
}

describe("runtime: each launch runs on its runtime's binary", function () {
  for (const runtime of runtimes()) {
    it(`"runtime": "${runtime}" runs the script on ${RUNTIMES[runtime].name}`, async function () {
      const binary = binaryOf(runtime);
      if (!fs.existsSync(binary)) {
        assert.notEqual(runtime, DEFAULT_RUNTIME, `${binary} is missing: build it with scripts/build-all.sh`);
        if (this.test) this.test.title += ` (SKIPPED: ${binary} is not built yet; scripts/build-all.sh builds it)`;
        this.skip();
      }
      const adapter = new Adapter(binary);
      await adapter.start();
      try {
        await adapter.launch({ program: VERSION, runtime });
        assert.equal(await adapter.runToExit(() => adapter.dc.configurationDoneRequest()), 0);
        assert.match(adapter.output("stdout"), PRINTS[runtime]);
      } finally {
        await adapter.stop();
      }
    });
  }
});
