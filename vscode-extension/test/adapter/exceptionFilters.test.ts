// Exception filters with conditions (filterOptions, as VS Code sends them
// when a condition is typed on a filter) and the out-of-memory filter,
// through the DebugClient.
import { strict as assert } from "node:assert";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { useAdapter, fixture, lineOf } from "./support";

const CONDITIONS = fixture("dap/exception_conditions.lua");
const MEMORY = fixture("dap/memory_caught.lua");

describe("exception filter conditions through @vscode/debugadapter-testsupport", function () {
  const current = useAdapter();

  it("stops on a raised error only where the condition on its message holds", async function () {
    const adapter = current();
    const { dc } = adapter;
    const capabilities = await adapter.launch({ program: CONDITIONS });
    assert.equal(capabilities.supportsExceptionFilterOptions, true);
    const raised = capabilities.exceptionBreakpointFilters?.find((f) => f.filter === "raised");
    assert.ok(raised, "the adapter offers a `raised` filter");
    assert.equal(raised.supportsCondition, true);
    assert.match(raised.conditionDescription ?? "", /err is the error value/);
    const set = await dc.setExceptionBreakpointsRequest({
      filters: [],
      filterOptions: [{ filterId: "raised", condition: 'message:find("second")' }],
    });
    assert.deepEqual(set.body?.breakpoints, [{ verified: true }]);
    const [, event] = await Promise.all([dc.configurationDoneRequest(), dc.waitForEvent("stopped")]);
    assert.match((event as DebugProtocol.StoppedEvent).body.text ?? "", /second failure$/);
    assert.equal((await adapter.frames())[0]?.line, lineOf(CONDITIONS, "raise"));
    assert.equal(await adapter.runToExit(() => dc.continueRequest({ threadId: 1 })), 1);
    assert.equal(adapter.named("stopped").length, 1);
  });

  it("stops on out of memory inside pcall with the outOfMemory filter", async function () {
    const adapter = current();
    const { dc } = adapter;
    const capabilities = await adapter.launch({ program: MEMORY, memoryLimitMB: 16 });
    assert.ok(capabilities.exceptionBreakpointFilters?.some((f) => f.filter === "outOfMemory"));
    await dc.setExceptionBreakpointsRequest({ filters: ["outOfMemory"] });
    await Promise.all([
      dc.configurationDoneRequest(),
      dc.assertStoppedLocation("exception", { path: MEMORY, line: lineOf(MEMORY, "grows") }),
    ]);
    assert.equal(await adapter.runToExit(() => dc.continueRequest({ threadId: 1 })), 0);
    assert.match(adapter.output("stdout"), /caught:\tfalse\tnot enough memory/);
  });
});
