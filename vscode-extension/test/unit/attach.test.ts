/**
 * Attach configurations: their resolution (port required and checked,
 * host defaulted, no adapter binary needed), the descriptor factory's
 * choice (a connection to the host, not an adapter process), and what VS
 * Code hears when no host listens on the port.
 */
import { control, fake, type FakeSession } from "./vscodeFake";
import { activated } from "./activated";
import { strict as assert } from "node:assert";
import * as net from "node:net";
import { closedPort } from "../support/closedPort";
import { InlineAdapter } from "../../src/adapterFactory";
import type { DapMessage } from "../../src/dapFraming";
import { HostConnection } from "../../src/hostConnection";
import { attachTarget, resolveAttachAfter, resolveBeforeSubstitution } from "../../src/launchConfig";

const quiet = { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };


/** Collects what the connection sends VS Code until `done` says stop. */
function collect(conn: HostConnection, done: (all: DapMessage[]) => boolean): Promise<DapMessage[]> {
  const all: DapMessage[] = [];
  return new Promise((resolve) => {
    conn.onDidSendMessage((m) => {
      all.push(m);
      if (done(all)) resolve(all);
    });
  });
}

describe("attach configuration", () => {
  it("needs a port, and nothing else", () => {
    const r = resolveBeforeSubstitution({ type: "lua-snapshot", request: "attach", name: "a" }, false);
    assert.ok("error" in r);
    assert.match(r.error, /has no "port": set it to the port the host listens on \(require\("lsnapshot"\)\.listen\{port = N\}/);
    const ok = resolveBeforeSubstitution({ type: "lua-snapshot", request: "attach", name: "a", port: "${input:port}" }, false);
    assert.ok("config" in ok);
    assert.equal(ok.config.program, undefined);
  });

  it("after substitution: the port made a number and checked, the host and cwd defaulted", () => {
    const base = { type: "lua-snapshot", request: "attach", name: "a" };
    const r = resolveAttachAfter({ ...base, port: " 4711 " }, "/w");
    assert.ok("config" in r);
    assert.deepEqual([r.config.host, r.config.port, r.config.cwd], ["127.0.0.1", 4711, "/w"]);
    const kept = resolveAttachAfter({ ...base, port: 9, host: "10.0.0.2", cwd: "/src", snapshotOnStop: true }, "/w");
    assert.ok("config" in kept);
    assert.deepEqual([kept.config.host, kept.config.cwd, kept.config.snapshotOnStop], ["10.0.0.2", "/src", true]);
    for (const port of [0, 65536, 1.5, "x", true]) {
      const bad = resolveAttachAfter({ ...base, port }, "/w");
      assert.ok("error" in bad && bad.error.includes('"port" must be a whole number from 1 to 65535'), String(port));
    }
    assert.deepEqual(attachTarget({ port: 4711, host: " " }), { host: "127.0.0.1", port: 4711 });
  });
});

describe("attach through the extension (fake vscode)", () => {
  activated();

  const attachSession = (configuration: Record<string, unknown>): FakeSession => ({
    id: "a1",
    type: "lua-snapshot",
    name: "attach",
    configuration: { type: "lua-snapshot", request: "attach", ...configuration },
    customRequest: () => Promise.reject(new Error("not in this test")),
  });

  it("needs no adapter binary: a missing one does not stop an attach configuration", () => {
    control.settings["luaSnapshot.adapterPath"] = "/nonexistent/lua-snapshot";
    const config = { type: "lua-snapshot", request: "attach", name: "a", port: 4711, runtime: "luajit" };
    assert.ok(control.configProviders[0]!.resolveDebugConfiguration!(undefined, config));
    // Nor does `runtime`: the host runs its own Lua, the attribute is ignored.
    assert.ok(control.configProviders[0]!.resolveDebugConfigurationWithSubstitutedVariables!(undefined, config));
    assert.deepEqual(control.messages, []);
  });

  it("a bad port after substitution is one error and no session", () => {
    const provider = control.configProviders[0] as unknown as {
      resolveDebugConfigurationWithSubstitutedVariables(f: unknown, c: Record<string, unknown>): unknown;
    };
    const config = { type: "lua-snapshot", request: "attach", name: "a", port: "abc" };
    assert.equal(provider.resolveDebugConfigurationWithSubstitutedVariables(undefined, config), undefined);
    assert.equal(control.messages.length, 1);
    assert.match(control.messages[0]!.text, /^Lua Snapshot: The attach configuration's "port" must be a whole number/);
  });

  it("the factory connects to the host's port instead of starting an adapter process", async () => {
    const server = net.createServer();
    const connected = new Promise<void>((r) => server.on("connection", () => r()));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      // No adapter binary at all: an attach session does not need one.
      const d = control.adapterFactory!.createDebugAdapterDescriptor(attachSession({ port, host: "127.0.0.1" }));
      assert.ok(d instanceof fake.DebugAdapterInlineImplementation);
      const adapter = d.implementation as unknown as InlineAdapter;
      assert.ok(adapter.proc instanceof HostConnection);
      assert.deepEqual([adapter.proc.host, adapter.proc.port], ["127.0.0.1", port]);
      await connected;
      adapter.dispose();
    } finally {
      server.close();
    }
  });

  it("an attach configuration without a valid port gets no descriptor", () => {
    assert.equal(control.adapterFactory!.createDebugAdapterDescriptor(attachSession({ port: "x" })), undefined);
  });
});

describe("HostConnection: no host listening", () => {
  it("answers VS Code's initialize with what to do, then ends the session", async () => {
    const port = await closedPort();
    const conn = new HostConnection("127.0.0.1", port, quiet);
    const got = collect(conn, (all) => all.some((m) => m.event === "terminated"));
    conn.handleMessage({ seq: 1, type: "request", command: "initialize" });
    const [response, terminated] = await got;
    assert.deepEqual(response, {
      seq: 0,
      type: "response",
      request_seq: 1,
      command: "initialize",
      success: false,
      message: `No Lua host listening on 127.0.0.1:${port}: call require('lsnapshot').listen{port = ${port}} in the host`,
    });
    assert.equal(terminated!.event, "terminated");
    // VS Code's disconnect that follows is answered, not left hanging.
    const disconnect = collect(conn, (all) => all.length === 1);
    conn.handleMessage({ seq: 2, type: "request", command: "disconnect" });
    assert.deepEqual((await disconnect)[0], { seq: 0, type: "response", request_seq: 2, command: "disconnect", success: true });
    conn.dispose();
  });

  it("tells VS Code when the host closes the connection", async () => {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const conn = new HostConnection("127.0.0.1", port, quiet);
      const all = await collect(conn, (ms) => ms.some((m) => m.event === "terminated"));
      assert.deepEqual(
        all.map((m) => m.event),
        ["output", "terminated"],
      );
      assert.match((all[0]!.body as { output: string }).output, new RegExp(`^the Lua host at 127\\.0\\.0\\.1:${port} closed the connection`));
      conn.dispose();
    } finally {
      server.close();
    }
  });
});
