// Attach, as VS Code does it, with the official DebugClient: a game host
// (tests/host/, Debian's Lua 5.4 embedding the lsnapshot module) opens its
// debug server with lsnapshot.listen; the client connects to that port,
// attaches, takes two snapshots between frames, diffs them (the leaked
// closure and its diagnostic at the right line), stops at a breakpoint in
// update(), disconnects, and attaches again. Needs the modules
// (scripts/build-all.sh) and Debian's liblua5.4-dev.
import { strict as assert } from "node:assert";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { GameHost } from "../support/gameHost";
import { Adapter, checkAdapter, fixture, lineOf } from "./support";

const GAME = fixture("dap/attach_game.lua");

interface Diagnostic {
  range: { start: { line: number } };
  code: string;
}

describe("attach to a game host through @vscode/debugadapter-testsupport", function () {
  let host: GameHost;
  let client: Adapter | undefined;

  before(function () {
    checkAdapter();
  });

  beforeEach(async function () {
    host = await GameHost.start(GAME);
  });

  afterEach(async function () {
    await client?.dc.stop();
    client = undefined;
    host.kill();
  });

  /** Connects to the host's port, initializes and attaches. */
  async function attach(): Promise<Adapter> {
    const adapter = new Adapter("unused");
    await adapter.dc.start(host.port);
    await adapter.dc.initializeRequest({
      clientID: "debugadapter-testsupport",
      adapterID: "lua-snapshot",
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: "path",
    });
    await Promise.all([
      adapter.dc.waitForEvent("initialized"),
      adapter.dc.attachRequest({ port: host.port } as DebugProtocol.AttachRequestArguments),
    ]);
    await adapter.dc.configurationDoneRequest();
    client = adapter;
    return adapter;
  }

  it("diffs two snapshots between frames, stops in update(), detaches and attaches again", async function () {
    const adapter = await attach();
    const { dc } = adapter;
    const first = await dc.customRequest("takeSnapshot", { label: "before" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await dc.customRequest("takeSnapshot", {});
    const diff = await dc.customRequest("diffSnapshots", {
      from: (first.body as { id: number }).id,
      to: (second.body as { id: number }).id,
    });
    const body = diff.body as {
      added: { type: string; location: { path: string; line: number } | null }[];
      diagnostics: { uri: string; diagnostics: Diagnostic[] }[];
    };
    const leak = lineOf(GAME, "leak");
    const closures = body.added.filter((o) => o.type === "function");
    assert.ok(closures.length >= 5, `a closure per 10 ms frame: ${JSON.stringify(body.added)}`);
    assert.ok(closures.every((o) => o.location?.path === GAME && o.location.line === leak));
    assert.equal(body.diagnostics.length, 1);
    const [file] = body.diagnostics;
    assert.ok(file);
    assert.equal(file.uri, `file://${GAME}`);
    const [warning] = file.diagnostics;
    assert.ok(warning);
    assert.equal(warning.range.start.line, leak - 1);
    assert.equal(warning.code, "leaked-closure");

    const update = lineOf(GAME, "update");
    await dc.setBreakpointsRequest({ source: { path: GAME }, breakpoints: [{ line: update }] });
    await dc.assertStoppedLocation("breakpoint", { path: GAME, line: update });
    const frame = Number(await adapter.evaluate("frame"));
    assert.ok(frame > 0);
    await dc.setBreakpointsRequest({ source: { path: GAME }, breakpoints: [] });
    await dc.continueRequest({ threadId: 1 });
    // DebugClient's stop sends `disconnect` and closes the connection.
    await dc.stop();
    client = undefined;

    // Detached: the host runs on, and takes a new client.
    const again = await attach();
    const later = await again.dc.evaluateRequest({ expression: "frames", context: "watch" });
    assert.ok(Number(later.body.result) > frame, `${later.body.result} > ${frame}`);
    await again.dc.customRequest("takeSnapshot", {});
    await again.dc.stop();
    client = undefined;
    assert.equal(await host.stop(), 0);
  });
});
