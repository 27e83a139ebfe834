/**
 * The launch attribute `runtime`: which binary each runtime runs, from the
 * bundle or the `luaSnapshot.adapterPath` setting (a folder, or one binary
 * with the others beside it), the messages when it is missing, and the
 * schema in package.json against the one table of runtimes.
 */
import { control, fake, type FakeSession } from "./vscodeFake";
import { activated } from "./activated";
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { adapterCandidate, missingAdapterMessage, type AdapterLookup } from "../../src/adapterPath";
import { DEFAULT_RUNTIME, parseRuntime, restartRefusal, RUNTIMES, runtimes } from "../../src/runtime";

const PACKAGE = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
  contributes: {
    debuggers: { configurationAttributes: Record<string, { properties: Record<string, Record<string, unknown>> }> }[];
  };
};

function lookup(over: Partial<AdapterLookup>): AdapterLookup {
  return {
    setting: "",
    runtime: DEFAULT_RUNTIME,
    extensionPath: "/ext",
    platform: "linux",
    home: "/home/me",
    isDirectory: (p) => p === "/repo/target/release",
    ...over,
  };
}

describe("runtime: the table and the schema", () => {
  it("absent is Lua 5.4; known values pass; anything else says which values exist", () => {
    assert.deepEqual(parseRuntime(undefined), { runtime: "lua5.4" });
    assert.deepEqual(parseRuntime(""), { runtime: "lua5.4" });
    assert.deepEqual(parseRuntime("luajit"), { runtime: "luajit" });
    assert.deepEqual(parseRuntime("lua5.3"), { runtime: "lua5.3" });
    assert.deepEqual(parseRuntime("lua5.1"), { runtime: "lua5.1" });
    for (const bad of ["lua5.2", "LuaJIT", "constructor", 54]) {
      const r = parseRuntime(bad);
      assert.ok("error" in r, String(bad));
      assert.match(r.error, /"runtime" is .*: use one of "lua5\.4" \(Lua 5\.4\), "luajit" \(LuaJIT 2\.1\), "lua5\.3" \(Lua 5\.3\), "lua5\.1" \(Lua 5\.1\)\./);
    }
  });

  it("package.json's launch attribute lists exactly the table's runtimes, the default first, each described", () => {
    const attrs = PACKAGE.contributes.debuggers[0]!.configurationAttributes;
    const runtime = attrs.launch!.properties.runtime!;
    assert.deepEqual(runtime.enum, runtimes());
    assert.equal(runtime.default, DEFAULT_RUNTIME);
    const descriptions = runtime.enumDescriptions as string[];
    assert.equal(descriptions.length, runtimes().length);
    runtimes().forEach((r, i) => assert.ok(descriptions[i]!.includes(RUNTIMES[r].binary), r));
    // Attach has no runtime: the host's own Lua decides, and the launch description says so.
    assert.equal(attrs.attach!.properties.runtime, undefined);
    assert.match(runtime.description as string, /attach configuration ignores it/);
  });
});

describe("runtime: restart", () => {
  const restart = (config: Record<string, unknown>) => ({ command: "restart", arguments: { arguments: config } });

  it("a restart onto another runtime is refused with what to do; the same runtime, or none, goes through", () => {
    const m = restartRefusal(restart({ runtime: "luajit" }), "lua5.4");
    assert.match(m ?? "", /"runtime" is now "luajit" \(LuaJIT 2\.1\), but this session's adapter runs Lua 5\.4: stop the session and start it again/);
    assert.match(restartRefusal(restart({}), "luajit") ?? "", /is now "lua5\.4"/);
    assert.match(restartRefusal(restart({ runtime: "lua9" }), "luajit") ?? "", /"runtime" is "lua9": use one of/);
    assert.equal(restartRefusal(restart({ runtime: "luajit" }), "luajit"), undefined);
    assert.equal(restartRefusal(restart({}), "lua5.4"), undefined);
    // Without the configuration (an older client), or another request: nothing to check.
    assert.equal(restartRefusal({ command: "restart" }, "luajit"), undefined);
    assert.equal(restartRefusal({ command: "launch", arguments: { runtime: "luajit" } }, "lua5.4"), undefined);
  });
});

describe("runtime: which binary", () => {
  it("the bundle holds one binary per runtime, .exe on Windows", () => {
    assert.deepEqual(adapterCandidate(lookup({})), { path: "/ext/bin/lua-snapshot", runtime: "lua5.4", source: "bundled" });
    assert.deepEqual(adapterCandidate(lookup({ runtime: "luajit" })).path, "/ext/bin/lua-snapshot-luajit");
    assert.equal(adapterCandidate(lookup({ runtime: "luajit", setting: undefined, platform: "win32" })).path, "/ext/bin/lua-snapshot-luajit.exe");
  });

  it("a folder setting holds every runtime's binary under its name", () => {
    const folder = lookup({ setting: " /repo/target/release " });
    assert.deepEqual(adapterCandidate(folder), {
      path: "/repo/target/release/lua-snapshot",
      runtime: "lua5.4",
      source: "settingFolder",
      setting: "/repo/target/release",
    });
    assert.equal(adapterCandidate({ ...folder, runtime: "luajit" }).path, "/repo/target/release/lua-snapshot-luajit");
    // A trailing slash says folder even when it does not exist (yet).
    const missing = adapterCandidate(lookup({ setting: "~/ls/", runtime: "luajit" }));
    assert.deepEqual([missing.path, missing.source], ["/home/me/ls/lua-snapshot-luajit", "settingFolder"]);
  });

  it("a file setting (as before runtimes) is the Lua 5.4 binary; the others are looked for beside it", () => {
    assert.deepEqual(adapterCandidate(lookup({ setting: "~/bin/ls" })), {
      path: "/home/me/bin/ls",
      runtime: "lua5.4",
      source: "settingFile",
      setting: "/home/me/bin/ls",
    });
    assert.deepEqual(adapterCandidate(lookup({ setting: "/opt/ls/lua-snapshot", runtime: "luajit" })), {
      path: "/opt/ls/lua-snapshot-luajit",
      runtime: "luajit",
      source: "besideSettingFile",
      setting: "/opt/ls/lua-snapshot",
    });
  });

  it("a missing binary's message names the path, the runtime and scripts/build-all.sh", () => {
    for (const over of [{}, { setting: "/repo/target/release" }, { setting: "/opt/ls/lua-snapshot" }]) {
      const c = adapterCandidate(lookup({ ...over, runtime: "luajit" }));
      const m = missingAdapterMessage(c);
      assert.ok(m.startsWith(`Lua Snapshot: the debug adapter was not found at "${c.path}"`), m);
      assert.match(m, /the LuaJIT 2\.1 binary, for "runtime": "luajit"/);
      assert.match(m, /scripts\/build-all\.sh/);
      assert.match(m, /target\/release\/lua-snapshot-luajit/);
      assert.match(m, /luaSnapshot\.adapterPath/);
    }
    assert.match(missingAdapterMessage(adapterCandidate(lookup({ runtime: "luajit" }))), /packaged without it/);
    assert.match(
      missingAdapterMessage(adapterCandidate(lookup({ setting: "/opt/ls/lua-snapshot", runtime: "luajit" }))),
      /looked for beside "\/opt\/ls\/lua-snapshot"/,
    );
    const file = missingAdapterMessage(adapterCandidate(lookup({ setting: "/nonexistent/lua-snapshot" })));
    assert.match(file, /"\/nonexistent\/lua-snapshot" \(the "luaSnapshot\.adapterPath" setting\)/);
    assert.match(file, /scripts\/build-all\.sh/);
  });
});

describe("runtime through the extension (fake vscode)", () => {
  activated();
  let dir = "";

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lua-snapshot-runtime-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fake binary that writes its own name and arguments to `<dir>/ran`, then exits. */
  function fakeBinary(name: string): void {
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\necho "$(basename "$0") $*" > "${dir}/ran"\n`, { mode: 0o755 });
  }

  function launch(runtime?: unknown): Record<string, unknown> {
    const c: Record<string, unknown> = { type: "lua-snapshot", request: "launch", name: "x", program: "/tmp/x.lua" };
    if (runtime !== undefined) c.runtime = runtime;
    return c;
  }

  function resolve(config: Record<string, unknown>): unknown {
    const provider = control.configProviders[0]!;
    const before = provider.resolveDebugConfiguration!(undefined, config) as Record<string, unknown> | undefined;
    return before && provider.resolveDebugConfigurationWithSubstitutedVariables!(undefined, before);
  }

  it("a folder without the LuaJIT binary: one error before the session, naming the path and the build script", () => {
    fakeBinary("lua-snapshot");
    control.settings["luaSnapshot.adapterPath"] = dir;
    assert.ok(resolve(launch()), "Lua 5.4 is there");
    assert.ok(resolve(launch("lua5.4")));
    assert.equal(control.messages.length, 0);
    assert.equal(resolve(launch("luajit")), undefined);
    assert.equal(control.messages.length, 1);
    const text = control.messages[0]!.text;
    assert.ok(text.includes(`not found at "${path.join(dir, "lua-snapshot-luajit")}"`), text);
    assert.match(text, /scripts\/build-all\.sh/);
  });

  it("an unknown runtime is one error that lists the known ones, whatever binaries exist", () => {
    fakeBinary("lua-snapshot");
    control.settings["luaSnapshot.adapterPath"] = dir;
    assert.equal(resolve(launch("lua5.0")), undefined);
    assert.deepEqual(control.messages.map((m) => m.level), ["error"]);
    assert.match(control.messages[0]!.text, /^Lua Snapshot: The launch configuration's "runtime" is "lua5\.0": use one of "lua5\.4"/);
  });

  async function ran(runtime: unknown): Promise<string> {
    const session: FakeSession = {
      id: "r1",
      type: "lua-snapshot",
      name: "x",
      configuration: launch(runtime),
      customRequest: () => Promise.reject(new Error("not in this test")),
    };
    fs.rmSync(path.join(dir, "ran"), { force: true });
    const inline = control.adapterFactory!.createDebugAdapterDescriptor(session) as InstanceType<
      typeof fake.DebugAdapterInlineImplementation
    >;
    assert.ok(inline instanceof fake.DebugAdapterInlineImplementation);
    // The fake binary exits at once: the session hears `terminated`.
    const messages: unknown[] = [];
    inline.implementation.onDidSendMessage((m) => messages.push(m));
    for (let i = 0; i < 100 && messages.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    return fs.readFileSync(path.join(dir, "ran"), "utf8").trim();
  }

  it("the factory runs the binary of the session's runtime", async () => {
    fakeBinary("lua-snapshot");
    fakeBinary("lua-snapshot-luajit");
    control.settings["luaSnapshot.adapterPath"] = dir;
    assert.equal(await ran(undefined), "lua-snapshot dap");
    assert.equal(await ran("luajit"), "lua-snapshot-luajit dap");
    assert.equal(await ran("lua5.4"), "lua-snapshot dap");
    // A setting that names the Lua 5.4 binary (as before runtimes): LuaJIT's is beside it.
    control.settings["luaSnapshot.adapterPath"] = path.join(dir, "lua-snapshot");
    assert.equal(await ran("luajit"), "lua-snapshot-luajit dap");
  });
});

describe("runtime: restart through the factory (fake vscode)", () => {
  activated();

  it("the running adapter never gets a restart onto another runtime; VS Code gets a failed response", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lua-snapshot-restart-"));
    // A fake adapter that copies what it is sent to a file until its stdin closes.
    fs.writeFileSync(path.join(dir, "lua-snapshot"), `#!/bin/sh\ncat > "${dir}/stdin"\n`, { mode: 0o755 });
    control.settings["luaSnapshot.adapterPath"] = dir;
    const configuration = { type: "lua-snapshot", request: "launch", name: "x", program: "/tmp/x.lua" };
    const session: FakeSession = { id: "r2", type: "lua-snapshot", name: "x", configuration, customRequest: () => Promise.resolve() };
    const inline = control.adapterFactory!.createDebugAdapterDescriptor(session) as InstanceType<
      typeof fake.DebugAdapterInlineImplementation
    >;
    const adapter = inline.implementation;
    const sent: unknown[] = [];
    adapter.onDidSendMessage((m) => sent.push(m));
    try {
      adapter.handleMessage({ seq: 7, type: "request", command: "restart", arguments: { arguments: { ...configuration, runtime: "luajit" } } });
      assert.equal(sent.length, 1);
      assert.deepEqual({ ...(sent[0] as object), message: undefined }, {
        seq: 0,
        type: "response",
        request_seq: 7,
        command: "restart",
        success: false,
        message: undefined,
      });
      assert.match((sent[0] as { message: string }).message, /stop the session and start it again/);
      adapter.handleMessage({ seq: 8, type: "request", command: "restart", arguments: { arguments: { ...configuration, runtime: "lua5.4" } } });
      // The shell creates the file when it starts: wait for it and for the request.
      const stdin = (): string => (fs.existsSync(path.join(dir, "stdin")) ? fs.readFileSync(path.join(dir, "stdin"), "utf8") : "");
      for (let i = 0; i < 100 && !stdin().includes('"seq":8'); i++) await new Promise((r) => setTimeout(r, 20));
      const got = stdin();
      assert.match(got, /"seq":8,"type":"request","command":"restart"/);
      assert.doesNotMatch(got, /"seq":7/);
    } finally {
      adapter.dispose();
      await new Promise((r) => setTimeout(r, 50));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
