// loadedSources and the loadedSource events through the DebugClient, as
// VS Code's Loaded Scripts view uses them: files and string chunks, each
// once, and a string chunk's text through its sourceReference.
import { strict as assert } from "node:assert";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { useAdapter, fixture, skipOn } from "./support";

const PROGRAM = fixture("dap/loaded_sources.lua");
const LIB = fixture("dap/lib/greeting.lua");
const FIXTURES = fixture("dap");

describe("loaded sources through @vscode/debugadapter-testsupport", function () {
  const current = useAdapter();

  it("announces files and string chunks as the program loads them", async function () {
    skipOn(this, ["luajit", "lua5.1"], "loadedSources is not offered there");
    const adapter = current();
    const { dc } = adapter;
    const capabilities = await adapter.launch({ program: PROGRAM, cwd: FIXTURES, luaPath: `${FIXTURES}/lib/?.lua` });
    assert.equal(capabilities.supportsLoadedSourcesRequest, true);
    assert.equal(await adapter.runToExit(() => dc.configurationDoneRequest()), 0);
    const announced = adapter
      .named<DebugProtocol.LoadedSourceEvent>("loadedSource")
      .map((e) => {
        assert.equal(e.body.reason, "new");
        return e.body.source;
      });
    assert.deepEqual(
      announced.map((s) => s.path ?? s.name),
      [PROGRAM, LIB, '[string "return 40 + 2"]', '[string "named chunk"]'],
    );
    const listed = (await dc.send("loadedSources", {})) as DebugProtocol.LoadedSourcesResponse;
    assert.deepEqual(listed.body.sources, announced);
    const named = announced[3]!;
    assert.ok(named.sourceReference !== undefined && named.sourceReference > 0);
    const text = await dc.sourceRequest({ sourceReference: named.sourceReference, source: named });
    assert.equal(text.body.content, "return 'named'");
  });
});
