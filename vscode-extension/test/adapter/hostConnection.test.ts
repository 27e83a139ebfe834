// The transport of attach sessions (src/hostConnection.ts) against the
// real DAP server over TCP (`lua-snapshot dap --port 0`, the server a host
// runs with lsnapshot.listen): VS Code's messages relayed both ways, the
// snapshot requests the tree and the diffs use, the `attach` request
// reaching the server with its port and host, and the session's end.
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import type { DapMessage } from "../../src/dapFraming";
import { HostConnection } from "../../src/hostConnection";
import { checkAdapter, fixture, lineOf, WAIT_MS } from "./support";

const PROGRAM = fixture("dapclient/report_bus.lua");

/** `lua-snapshot dap --port 0`, and the port it printed. */
async function server(): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(checkAdapter(), ["dap", "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error(`no port printed: ${err}`)), WAIT_MS);
    proc.stderr.on("data", (c: Buffer) => {
      err += c.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return { proc, port };
}

describe("HostConnection with the real DAP server over TCP", function () {
  let host: { proc: ChildProcess; port: number } | undefined;
  let conn: HostConnection | undefined;

  afterEach(function () {
    conn?.dispose();
    host?.proc.kill();
  });

  it("relays initialize, attach, launch, snapshots and a diff; a breakpoint stops", async function () {
    host = await server();
    const errors: string[] = [];
    const c = new HostConnection("127.0.0.1", host.port, { trace: () => undefined, info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) });
    conn = c;
    const received: DapMessage[] = [];
    let wake: () => void = () => undefined;
    c.onDidSendMessage((m) => {
      received.push(m);
      wake();
    });
    let seq = 1;
    const waitFor = async (what: string, pred: (m: DapMessage) => boolean): Promise<DapMessage> => {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const found = received.find(pred);
        if (found) return found;
        assert.ok(Date.now() < deadline, `no ${what}; got ${JSON.stringify(received)}`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
    };
    const request = async (command: string, args?: unknown): Promise<DapMessage> => {
      const s = seq++;
      // Sent at once, before the connection is up for the first one: queued, then relayed in order.
      c.handleMessage({ seq: s, type: "request", command, ...(args === undefined ? {} : { arguments: args }) });
      return waitFor(`response to ${command}`, (m) => m.type === "response" && m.request_seq === s);
    };

    const init = await request("initialize", { adapterID: "lua-snapshot", linesStartAt1: true, columnsStartAt1: true, pathFormat: "path" });
    assert.equal(init.success, true);
    // The attach request reaches the server with its arguments (today's server answers it; the host's serves it).
    const attach = await request("attach", { port: host.port, host: "127.0.0.1" });
    assert.equal(attach.command, "attach");
    const launch = await request("launch", { program: PROGRAM, stopOnEntry: true });
    assert.equal(launch.success, true, launch.message);
    await request("setBreakpoints", { source: { path: PROGRAM }, breakpoints: [{ line: lineOf(PROGRAM, "done") }] });
    await request("configurationDone");
    await waitFor("stop on entry", (m) => m.event === "stopped");
    const first = await request("takeSnapshot", {});
    assert.equal(first.success, true, first.message);
    received.length = 0;
    await request("continue", { threadId: 1 });
    await waitFor("stop at @done", (m) => m.event === "stopped");
    const second = await request("takeSnapshot", {});
    const diff = await request("diffSnapshots", { from: (first.body as { id: number }).id, to: (second.body as { id: number }).id });
    const diagnostics = (diff.body as { diagnostics: { diagnostics: { message: string }[] }[] }).diagnostics;
    assert.match(diagnostics[0]?.diagnostics.map((d) => d.message).join("\n") ?? "", /3 closures created here are still alive/);
    const disconnect = await request("disconnect", { terminateDebuggee: true });
    assert.equal(disconnect.success, true);
    assert.deepEqual(errors, []);
  });
});
