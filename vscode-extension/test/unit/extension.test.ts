/**
 * The wiring, with the fake `vscode` of vscodeFake.ts: a session's events
 * and the commands reach the store, the tree, the status bar and the
 * diagnostics, and the requests sent to the adapter have the documented
 * shapes.
 */
import { control, fake, type FakeSession } from "./vscodeFake";
import { activated } from "./activated";
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffBody, snapshots } from "./fixtures";

const BUS = "file:///home/me/my%20game/event_bus.lua";

function withDiagnostics() {
  return {
    ...diffBody(),
    diagnostics: [
      {
        uri: BUS,
        diagnostics: [
          {
            range: { start: { line: 21, character: 0 }, end: { line: 21, character: 30 } },
            severity: 2,
            source: "lua-snapshot",
            code: "leaked-closure",
            message: "1 closure created here is still alive (40 B with the new objects it holds), held by Root->(T)_G",
            relatedInformation: [
              {
                location: { uri: BUS, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } } },
                message: "holds it: function defined at event_bus.lua:3",
              },
            ],
          },
        ],
      },
    ],
  };
}

interface Sent {
  command: string;
  args: unknown;
}

function session(answers: Record<string, (args: unknown) => unknown>): { s: FakeSession; sent: Sent[] } {
  const sent: Sent[] = [];
  const s: FakeSession = {
    id: "s1",
    type: "lua-snapshot",
    name: "Lua (snapshot): main.lua",
    configuration: { cwd: "/home/me/game" },
    customRequest: (command, args) => {
      // An adapter from before issue 19 (classSummaries.test.ts has the ones that know it).
      if (command === "snapshotSummary") return Promise.reject(new Error("unknown request 'snapshotSummary'"));
      sent.push({ command, args });
      const answer = answers[command];
      return answer ? Promise.resolve(answer(args)) : Promise.reject(new Error(`unexpected ${command}`));
    },
  };
  return { s, sent };
}

describe("extension wiring (fake vscode)", () => {
  const api = activated();

  it("a snapshotDiff event fills the tree, the diagnostics and the status bar", async () => {
    const { s, sent } = session({ listSnapshots: () => ({ snapshots }) });
    control.started.fire(s);
    control.customEvent.fire({ session: s, event: "snapshotDiff", body: withDiagnostics() });
    await new Promise((r) => setImmediate(r));

    const roots = api().tree.getChildren();
    assert.deepEqual(
      roots.map((n) => n.kind),
      ["snapshot", "snapshot", "diff"],
    );
    assert.deepEqual(sent, [{ command: "listSnapshots", args: undefined }]);

    const diags = control.diagnostics.get(BUS);
    assert.ok(diags);
    assert.equal(diags.length, 1);
    const d = diags[0]!;
    assert.equal(d.severity, fake.DiagnosticSeverity.Warning);
    assert.equal(d.code, "leaked-closure");
    assert.deepEqual([d.range.start.line, d.range.end.character], [21, 30]);
    assert.equal(d.relatedInformation![0]!.location.uri.toString(), BUS);
    assert.equal(d.relatedInformation![0]!.location.range.start.line, 2);

    assert.equal(control.statusBar.visible, true);
    assert.equal(control.statusBar.text, "$(database) Lua heap: 118.2 KB");
  });

  it("ignores other events and malformed bodies", () => {
    const { s } = session({});
    control.started.fire(s);
    control.customEvent.fire({ session: s, event: "output", body: {} });
    control.customEvent.fire({ session: s, event: "snapshotDiff", body: { nope: true } });
    assert.deepEqual(api().tree.getChildren(), []);
  });

  it("clicking a function node opens its definition line", () => {
    const { s } = session({ listSnapshots: () => ({ snapshots }) });
    control.started.fire(s);
    api().store.addDiff(s.id, diffBody(), "command");
    const diff = api().tree.getChildren().find((n) => n.kind === "diff")!;
    const fn = api().tree.getChildren(diff).find((n) => n.label.startsWith("function"))!;
    const item = api().tree.getTreeItem(fn) as unknown as InstanceType<typeof fake.TreeItem>;
    assert.equal(item.command?.command, "vscode.open");
    const [uri, options] = item.command.arguments as [{ fsPath: string }, { selection: InstanceType<typeof fake.Range> }];
    assert.equal(uri.fsPath, "/home/me/game/event_bus.lua");
    assert.equal(options.selection.start.line, 21);
  });

  it("Take Lua Snapshot labels the snapshot with the stop location", async () => {
    const { s, sent } = session({
      stackTrace: () => ({ stackFrames: [{ line: 12, source: { path: "/home/me/game/bus.lua" } }] }),
      takeSnapshot: (args) => ({ ...snapshots[1], id: 7, label: (args as { label: string }).label, durationMs: 3 }),
    });
    control.started.fire(s);
    const tracker = control.trackerFactory!.createDebugAdapterTracker(s);
    tracker.onDidSendMessage!({ type: "event", event: "stopped", body: { threadId: 4, reason: "breakpoint" } });
    fake.debug.activeDebugSession = s;

    const result = (await fake.commands.executeCommand("luaSnapshot.takeSnapshot")) as { id: number };
    assert.equal(result.id, 7);
    assert.deepEqual(sent, [
      { command: "stackTrace", args: { threadId: 4, startFrame: 0, levels: 1 } },
      { command: "takeSnapshot", args: { label: "bus.lua:12" } },
    ]);
    assert.equal(api().store.current()!.snapshots[0]!.label, "bus.lua:12");

    // Running: the label is the time.
    tracker.onWillReceiveMessage!({ type: "request", command: "continue", seq: 9 });
    await fake.commands.executeCommand("luaSnapshot.takeSnapshot");
    assert.match((sent.at(-1)!.args as { label: string }).label, /^running · \d\d:\d\d:\d\d$/);
    // The status bar message says what the numbers are: no bare "(3 ms)".
    const status = control.messages.filter((m) => m.level === "status").at(-1)!.text;
    assert.match(status, /objects reachable, .* \(heap walked in 3\.0 ms\)$/);
  });

  it("a snapshotTaken event lists the stop's snapshot, marked as baseline", () => {
    const { s } = session({});
    control.started.fire(s);
    control.customEvent.fire({
      session: s,
      event: "snapshotTaken",
      body: { ...snapshots[0], id: 1, label: "bus.lua:12 · hit 1", baseline: true },
    });
    const [node, ...rest] = api().tree.getChildren();
    assert.equal(rest.length, 0);
    assert.equal(node!.label, "bus.lua:12 · hit 1");
    assert.match(node!.description!, /^#1 · baseline · /);
    const item = api().tree.getTreeItem(node!) as unknown as InstanceType<typeof fake.TreeItem>;
    assert.equal(item.contextValue, "luaSnapshot.snapshot.baseline");
  });

  it("Mark as Baseline sends setBaseline for the node's snapshot and refreshes the list", async () => {
    const marked = snapshots.map((x) => ({ ...x, baseline: x.id === 2 }));
    const { s, sent } = session({ setBaseline: () => undefined, listSnapshots: () => ({ snapshots: marked }) });
    control.started.fire(s);
    assert.equal(await fake.commands.executeCommand("luaSnapshot.markBaseline", { snapshotId: 2 }), 2);
    assert.deepEqual(sent, [
      { command: "setBaseline", args: { id: 2 } },
      { command: "listSnapshots", args: undefined },
    ]);
    assert.deepEqual(
      api().store.current()!.snapshots.map((x) => x.baseline === true),
      [false, true],
    );
  });

  it("Clear Lua Snapshots deletes a running session's snapshots and drops its diffs", async () => {
    let list = snapshots;
    const { s, sent } = session({
      deleteSnapshot: () => undefined,
      listSnapshots: () => ({ snapshots: list }),
    });
    control.started.fire(s);
    api().store.setSnapshots(s.id, snapshots);
    api().store.addDiff(s.id, diffBody(), "command");
    list = [];
    assert.equal(await fake.commands.executeCommand("luaSnapshot.clearSnapshots"), true);
    assert.deepEqual(
      sent.map((x) => [x.command, x.args]),
      [
        ["deleteSnapshot", { id: 1 }],
        ["deleteSnapshot", { id: 2 }],
        ["listSnapshots", undefined],
      ],
    );
    assert.deepEqual(api().tree.getChildren(), []);
  });

  it("Clear Lua Snapshots forgets an ended session", async () => {
    const { s } = session({});
    control.started.fire(s);
    api().store.addDiff(s.id, diffBody(), "stop");
    control.terminated.fire(s);
    assert.notEqual(api().tree.getChildren().length, 0);
    assert.equal(await fake.commands.executeCommand("luaSnapshot.clearSnapshots"), true);
    assert.deepEqual(api().tree.getChildren(), []);
    assert.equal(api().store.current(), undefined);
  });

  it("Diff preselects the baseline and the newest", async () => {
    const three = [{ ...snapshots[0]!, baseline: true }, snapshots[1]!, { ...snapshots[1]!, id: 3, label: "third" }];
    const { s, sent } = session({ listSnapshots: () => ({ snapshots: three }), diffSnapshots: () => diffBody() });
    control.started.fire(s);
    await fake.commands.executeCommand("luaSnapshot.diffSnapshots");
    assert.deepEqual(sent.at(-1), { command: "diffSnapshots", args: { from: 1, to: 3 } });
  });

  it("Diff Lua Snapshots… diffs the last two by default", async () => {
    const three = [...snapshots, { ...snapshots[1]!, id: 3, label: "third" }];
    const { s, sent } = session({ listSnapshots: () => ({ snapshots: three }), diffSnapshots: () => diffBody() });
    control.started.fire(s);
    const body = await fake.commands.executeCommand("luaSnapshot.diffSnapshots");
    assert.ok(body);
    assert.deepEqual(sent.at(-1), { command: "diffSnapshots", args: { from: 2, to: 3 } });
    assert.equal(api().store.current()!.diffs.length, 1);
  });

  it("Diff with fewer than two snapshots says so and sends nothing", async () => {
    const { s, sent } = session({ listSnapshots: () => ({ snapshots: [snapshots[0]] }) });
    control.started.fire(s);
    assert.equal(await fake.commands.executeCommand("luaSnapshot.diffSnapshots"), undefined);
    assert.match(control.messages.at(-1)!.text, /at least two snapshots/);
    assert.ok(sent.every((x) => x.command === "listSnapshots"));
  });

  it("Diff with a pick of three snapshots asks for exactly two", async () => {
    const three = [...snapshots, { ...snapshots[1]!, id: 3, label: "third" }];
    const { s, sent } = session({ listSnapshots: () => ({ snapshots: three }) });
    control.started.fire(s);
    control.quickPick = (items) => items;
    assert.equal(await fake.commands.executeCommand("luaSnapshot.diffSnapshots"), undefined);
    assert.match(control.messages.at(-1)!.text, /exactly two/);
    assert.ok(sent.every((x) => x.command === "listSnapshots"));
  });

  it("commands without a session warn instead of failing", async () => {
    assert.equal(await fake.commands.executeCommand("luaSnapshot.takeSnapshot"), undefined);
    assert.equal(control.messages.at(-1)!.level, "warning");
  });

  it("adapter errors become error messages", async () => {
    const { s } = session({ takeSnapshot: () => Promise.reject(new Error("not paused")) });
    control.started.fire(s);
    assert.equal(await fake.commands.executeCommand("luaSnapshot.takeSnapshot", { label: "x" }), undefined);
    assert.equal(control.messages.at(-1)!.level, "error");
    assert.match(control.messages.at(-1)!.text, /not paused/);
  });

  it("Export sends the id, path and format", async () => {
    const { s, sent } = session({ exportSnapshot: (a) => ({ path: (a as { path: string }).path }) });
    control.started.fire(s);
    await fake.commands.executeCommand("luaSnapshot.exportSnapshot", { snapshotId: 2 }, "/tmp/s.txt");
    assert.deepEqual(sent.at(-1), { command: "exportSnapshot", args: { id: 2, path: "/tmp/s.txt", format: "text" } });
  });

  it("ending the session clears the diagnostics only when the setting says so", () => {
    const { s } = session({ listSnapshots: () => ({ snapshots }) });
    control.started.fire(s);
    control.customEvent.fire({ session: s, event: "snapshotDiff", body: withDiagnostics() });
    control.terminated.fire(s);
    assert.equal(control.diagnostics.size, 1);
    assert.equal(control.statusBar.visible, false);

    control.settings["luaSnapshot.clearDiagnosticsOnSessionEnd"] = true;
    const again = session({ listSnapshots: () => ({ snapshots }) });
    again.s.id = "s2";
    control.started.fire(again.s);
    control.customEvent.fire({ session: again.s, event: "snapshotDiff", body: withDiagnostics() });
    control.terminated.fire(again.s);
    assert.equal(control.diagnostics.size, 0);
  });

  it("Clear Lua Leak Diagnostics empties the collection", async () => {
    const { s } = session({ listSnapshots: () => ({ snapshots }) });
    control.started.fire(s);
    control.customEvent.fire({ session: s, event: "snapshotDiff", body: withDiagnostics() });
    assert.equal(control.diagnostics.size, 1);
    await fake.commands.executeCommand("luaSnapshot.clearDiagnostics");
    assert.equal(control.diagnostics.size, 0);
  });

  it("a wrong adapterPath is one error, before the session starts, whose button opens the user settings", async () => {
    control.settings["luaSnapshot.adapterPath"] = "/nonexistent/lua-snapshot";
    control.errorChoice = "Open Settings";
    const provider = control.configProviders[0]!;
    const config = { type: "lua-snapshot", request: "launch", name: "x", program: "/tmp/x.lua" };
    // Checked once `runtime` is substituted, still before the session.
    const resolved = provider.resolveDebugConfiguration!(undefined, config) as Record<string, unknown>;
    assert.equal(control.messages.length, 0);
    assert.equal(provider.resolveDebugConfigurationWithSubstitutedVariables!(undefined, resolved), undefined);
    assert.equal(control.messages.length, 1);
    const msg = control.messages[0]!;
    assert.equal(msg.level, "error");
    assert.match(msg.text, /"\/nonexistent\/lua-snapshot" \(the "luaSnapshot\.adapterPath" setting\)/);
    await new Promise((r) => setImmediate(r));
    // Machine-scoped: listed in the user settings (the remote ones in a remote window), not the workspace's.
    assert.deepEqual(control.executed, [
      { id: "workbench.action.openGlobalSettings", args: [{ query: "@id:luaSnapshot.adapterPath" }] },
    ]);

    control.remoteName = "ssh-remote";
    control.executed = [];
    provider.resolveDebugConfigurationWithSubstitutedVariables!(undefined, resolved);
    await new Promise((r) => setImmediate(r));
    assert.equal(control.executed[0]!.id, "workbench.action.openRemoteSettings");

    // The descriptor factory, if VS Code still asks, adds no second message.
    const before = control.messages.length;
    assert.equal(control.adapterFactory!.createDebugAdapterDescriptor(session({}).s), undefined);
    assert.equal(control.messages.length, before);
  });

  it("a good adapterPath lets the configuration through", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lua-snapshot-test-"));
    const bin = path.join(dir, "lua-snapshot");
    fs.writeFileSync(bin, "#!/bin/sh\n", { mode: 0o755 });
    try {
      control.settings["luaSnapshot.adapterPath"] = bin;
      const config = { type: "lua-snapshot", request: "launch", name: "x", program: "/tmp/x.lua" };
      assert.ok(control.configProviders[0]!.resolveDebugConfigurationWithSubstitutedVariables!(undefined, config));
      assert.equal(control.messages.length, 0);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it("the adapter factory runs `<adapterPath> dap` with the extension as transport", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lua-snapshot-test-"));
    const bin = path.join(dir, "lua-snapshot");
    const argsFile = path.join(dir, "args");
    fs.writeFileSync(bin, `#!/bin/sh\necho "$@" > ${argsFile}\n`, { mode: 0o755 });
    try {
      control.settings["luaSnapshot.adapterPath"] = bin;
      const inline = control.adapterFactory!.createDebugAdapterDescriptor(session({}).s) as InstanceType<
        typeof fake.DebugAdapterInlineImplementation
      >;
      assert.ok(inline instanceof fake.DebugAdapterInlineImplementation);
      // The process ends at once: VS Code hears the session is over.
      const messages: unknown[] = [];
      inline.implementation.onDidSendMessage((m) => messages.push(m));
      for (let i = 0; i < 100 && messages.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(messages, [{ seq: 0, type: "event", event: "terminated" }]);
      assert.equal(fs.readFileSync(argsFile, "utf8").trim(), "dap");
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
