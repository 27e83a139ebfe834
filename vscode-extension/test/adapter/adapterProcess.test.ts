// The extension's transport (src/adapterProcess.ts) against the real
// `lua-snapshot dap`: messages as VS Code sends them, the snapshotOnStop
// baseline flow, an ended program's snapshots served after VS Code's
// `disconnect`, and no error on a normal end.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AdapterProcess, type DapMessage } from "../../src/adapterProcess";
import { checkAdapter, fixture, lineOf, WAIT_MS } from "./support";

/** Every transport a test made: shut down after each test, passed or not,
 * so that a failed assertion cannot leave an adapter that keeps mocha alive. */
const live: FakeVsCode[] = [];

/** Plays VS Code: numbered requests in, every message out recorded. */
class FakeVsCode {
  readonly received: DapMessage[] = [];
  readonly errors: string[] = [];
  readonly proc: AdapterProcess;
  private seq = 1;
  private waiters: (() => void)[] = [];

  constructor(keep: () => boolean) {
    const log = { trace: () => undefined, info: () => undefined, warn: () => undefined, error: (m: string) => this.errors.push(m) };
    this.proc = new AdapterProcess(checkAdapter(), ["dap"], log, keep);
    live.push(this);
    this.proc.onDidSendMessage((m) => {
      this.received.push(m);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  send(command: string, args?: unknown): number {
    const seq = this.seq++;
    this.proc.handleMessage({ seq, type: "request", command, ...(args === undefined ? {} : { arguments: args }) });
    return seq;
  }

  async waitFor(what: string, pred: (m: DapMessage) => boolean): Promise<DapMessage> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.received.find(pred);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  async request(command: string, args?: unknown): Promise<DapMessage> {
    const seq = this.send(command, args);
    const r = await this.waitFor(`the ${command} response`, (m) => m.type === "response" && m.request_seq === seq);
    assert.ok(r.success, `${command}: ${r.message ?? ""}`);
    return r;
  }

  events(name: string): DapMessage[] {
    return this.received.filter((m) => m.type === "event" && m.event === name);
  }

  async stopped(n: number): Promise<void> {
    await this.waitFor(`stop ${n}`, () => this.events("stopped").length >= n);
  }
}

async function exited(proc: AdapterProcess): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!proc.exited) {
    if (Date.now() > deadline) throw new Error("the adapter did not exit");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the extension's adapter transport (AdapterProcess) with the real adapter", () => {
  const program = fixture(path.join("dap", "leak_loop.lua"));
  const tick = lineOf(program, "tick");

  afterEach(() => {
    for (const vs of live.splice(0)) vs.proc.shutdown();
  });

  async function launchAndRunToEnd(vs: FakeVsCode): Promise<void> {
    await vs.request("initialize", { adapterID: "lua-snapshot", supportsProgressReporting: false });
    await vs.request("launch", { program, snapshotOnStop: true });
    await vs.request("setBreakpoints", { source: { path: program }, breakpoints: [{ line: tick }] });
    await vs.request("configurationDone");
    for (let stop = 1; stop <= 3; stop++) {
      await vs.stopped(stop);
      await vs.request("continue", { threadId: 1 });
    }
    await vs.waitFor("terminated", (m) => m.event === "terminated");
  }

  it("diffs every stop against the first stop's snapshot: the counts grow", async () => {
    const vs = new FakeVsCode(() => false);
    await launchAndRunToEnd(vs);
    const taken = vs.events("snapshotTaken").map((e) => e.body as { id: number; label: string; baseline: boolean });
    assert.deepEqual(
      taken.map((t) => [t.id, t.label, t.baseline]),
      [1, 2, 3].map((id) => [id, `leak_loop.lua:${tick} · hit ${id}`, id === 1]),
    );
    const diffs = vs.events("snapshotDiff").map((e) => e.body as { from: number; to: number; addedCount: number });
    assert.deepEqual(
      diffs.map((d) => [d.from, d.to, d.addedCount]),
      [
        [1, 2, 3],
        [1, 3, 6],
      ],
    );
    vs.send("disconnect", { restart: false });
    await exited(vs.proc);
    assert.deepEqual(vs.errors, [], "a normal end is no error");
  });

  it("after the program ended, answers VS Code's disconnect itself and serves list, diff, export until shutdown", async () => {
    const vs = new FakeVsCode(() => true);
    let detached = 0;
    vs.proc.onDidDetach(() => detached++);
    await launchAndRunToEnd(vs);
    const seq = vs.send("disconnect", { restart: false });
    const answer = await vs.waitFor("disconnect response", (m) => m.type === "response" && m.request_seq === seq);
    assert.equal(answer.success, true);
    assert.equal(detached, 1);
    assert.equal(vs.proc.exited, false);

    const list = (await vs.proc.request("listSnapshots")) as { snapshots: { id: number; baseline: boolean }[] };
    assert.deepEqual(
      list.snapshots.map((s) => [s.id, s.baseline]),
      [
        [1, true],
        [2, false],
        [3, false],
      ],
    );
    const diff = (await vs.proc.request("diffSnapshots", { from: 1, to: 3 })) as { addedCount: number };
    assert.equal(diff.addedCount, 6);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lua-snapshot-ended-"));
    try {
      const file = path.join(dir, "s.json");
      await vs.proc.request("exportSnapshot", { id: 3, path: file, format: "json" });
      assert.equal((JSON.parse(fs.readFileSync(file, "utf8")) as { objectCount: number }).objectCount > 0, true);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
    await assert.rejects(vs.proc.request("takeSnapshot", {}), /the program has ended/);
    // Nothing of this reached VS Code, whose session is over.
    assert.equal(vs.received.filter((m) => m.type === "response" && (m.request_seq ?? 0) >= 1e9).length, 0);

    vs.proc.shutdown();
    await exited(vs.proc);
    await assert.rejects(vs.proc.request("listSnapshots"), /has exited/);
    assert.deepEqual(vs.errors, []);
  });
});
