/**
 * "Open Lua Leak Report…" with the fake `vscode`: the file picked in the
 * open dialog shows in the tree beside the session's nodes, its leaked
 * closures reach the Problems panel, a bad file gives one clear error,
 * and "Close Leak Report" takes both away again.
 */
import { control, fake } from "./vscodeFake";
import { activated } from "./activated";
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ReportEntry } from "../../src/state";
import { childrenOf } from "../../src/tree/node";
import { pathToFileUri } from "../../src/uri";

const FIXTURE = path.join(__dirname, "data", "event_bus.report.json");

describe("Open Lua Leak Report… (fake vscode)", () => {
  const api = activated();
  let dir = "";

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lua-report-"));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (...args: unknown[]) => control.commands.get("luaSnapshot.openReport")!(...args) as Promise<ReportEntry | undefined>;

  it("shows the file picked in the dialog in the tree and its leaked closures in the Problems panel", async () => {
    control.openDialog = [fake.Uri.file(FIXTURE)];
    const entry = await run();
    assert.ok(entry);
    assert.deepEqual((control.openDialogOptions as { filters: unknown }).filters, { "Leak report (JSON)": ["json"], "All files": ["*"] });
    const [node] = api().tree.getChildren();
    assert.equal(node!.kind, "report");
    assert.equal(node!.label, "event_bus.report.json");
    assert.equal(node!.description, "leak report · 20 objects (1.4 KB)");
    const fn = api().tree.getChildren(node).find((n) => n.label === "function examples/event_bus.lua:22")!;
    const bus = entry.report.objects.find((o) => o.location)!.location!.path;
    assert.deepEqual(fn.location, { path: bus, line: 22 });
    // The state table goes to the closure holding it.
    const state = api().tree.getChildren(node).find((n) => n.description?.endsWith("· state"))!;
    assert.deepEqual(state.location, { path: bus, line: 22 });

    const warnings = control.diagnostics.get(pathToFileUri(bus))!;
    assert.deepEqual(
      warnings.map((d) => [d.range.start.line, d.code, d.source]),
      [
        [4, "leaked-closure", "lua-snapshot"],
        [13, "leaked-closure", "lua-snapshot"],
        [21, "leaked-closure", "lua-snapshot"],
      ],
    );
    assert.match(warnings[2]!.message, /^3 closures created here are still alive \(963 B with the new objects they hold\)/);
  });

  it("a report opened again replaces its entry; Close Leak Report removes it and its warnings", async () => {
    await run(FIXTURE);
    await run(FIXTURE);
    assert.equal(api().store.reports().length, 1);
    const [node] = api().tree.getChildren();
    assert.equal(await control.commands.get("luaSnapshot.closeReport")!(node), true);
    assert.deepEqual(api().tree.getChildren(), []);
    assert.equal(control.diagnostics.size, 0);
  });

  it("a cancelled dialog does nothing", async () => {
    assert.equal(await run(), undefined);
    assert.deepEqual(control.messages, []);
  });

  for (const [what, text, reason] of [
    ["not JSON", "count: 3", /the file is not JSON/],
    ["the wrong shape", '{"snapshots": []}', /it is not a lua-snapshot leak report .* it has no "count" number/],
  ] as const) {
    it(`says so when the file is ${what}, and shows nothing`, async () => {
      const file = path.join(dir, "bad.json");
      fs.writeFileSync(file, text);
      assert.equal(await run(file), undefined);
      assert.equal(control.messages.length, 1);
      assert.equal(control.messages[0]!.level, "error");
      assert.match(control.messages[0]!.text, new RegExp(`^Lua Snapshot: cannot open the leak report ${file}: `));
      assert.match(control.messages[0]!.text, reason);
      assert.deepEqual(api().tree.getChildren(), []);
    });
  }

  it("refuses a file over the size limit without reading it", async () => {
    const file = path.join(dir, "huge.json");
    fs.writeFileSync(file, "");
    fs.truncateSync(file, 129 * 1024 * 1024);
    assert.equal(await run(file), undefined);
    assert.match(control.messages[0]!.text, /the file is too big \(129 MB; a leak report may have at most 128 MB\)/);
  });

  it("the report sits beside a session's snapshots and diffs", async () => {
    api().store.startSession("s1", "Lua (snapshot)");
    api().store.addSnapshot("s1", { id: 1, label: "a", objectCount: 1, totalSize: 1, heapBytes: 1 });
    await run(FIXTURE);
    assert.deepEqual(
      api().tree.getChildren().map((n) => n.kind),
      ["snapshot", "report"],
    );
    assert.ok(childrenOf(api().tree.getChildren()[1]!).length > 0);
  });
});
