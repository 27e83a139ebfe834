// `disconnect` with terminateDebuggee through the DebugClient: a launched
// program runs inside the adapter, so it ends with the session, and a
// `terminateDebuggee: false` is answered with a console line saying so.
import { strict as assert } from "node:assert";
import type { ChildProcess } from "node:child_process";
import { Adapter, checkAdapter, fixture } from "./support";

const SPIN = fixture("dapclient/spin.lua");

describe("disconnect through @vscode/debugadapter-testsupport", function () {
  let adapter: Adapter;
  /** The test disconnected itself: the adapter process is gone. */
  let disconnected = false;

  beforeEach(async function () {
    adapter = new Adapter(checkAdapter());
    disconnected = false;
    await adapter.start();
  });

  afterEach(async function () {
    if (!disconnected) {
      await adapter.stop();
    }
  });

  /** Resolves with the adapter process's exit code once it has exited. */
  function exited(): Promise<number | null> {
    const child = (adapter.dc as unknown as { _adapterProcess?: ChildProcess | null })._adapterProcess;
    assert.ok(child, "DebugClient started a process");
    if (child.exitCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  it("ends a launched program even with terminateDebuggee false, and says so", async function () {
    const { dc } = adapter;
    const capabilities = await adapter.launch({ program: SPIN });
    assert.equal(capabilities.supportTerminateDebuggee, true);
    await dc.configurationDoneRequest();
    await dc.disconnectRequest({ terminateDebuggee: false });
    disconnected = true;
    assert.match(adapter.output("console"), /ends with the session/);
    assert.equal(await exited(), 0);
  });
});
