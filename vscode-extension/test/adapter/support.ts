// Shared setup of the DebugClient suite: where the adapter binary (of the
// runtime $LUA_SNAPSHOT_RUNTIME names, Lua 5.4 by default) and the Lua
// fixtures are, a client that records every event it receives, and the
// launch sequence. The suite drives the real `lua-snapshot dap` over stdio
// with the official @vscode/debugadapter-testsupport client.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { binaryName, parseRuntime, RUNTIMES, type Runtime } from "../../src/runtime";

/** vscode-extension/ */
const EXTENSION_DIR = path.resolve(__dirname, "..", "..");
/** The repository root, where cargo puts target/. */
const REPO_DIR = path.resolve(EXTENSION_DIR, "..");

/** How long one wait for the adapter may take; only a hang should hit it. */
export const WAIT_MS = 15_000;

/** Where scripts/build-all.sh writes every runtime's binary. */
export const RELEASE_DIR = path.join(REPO_DIR, "target", "release");

/**
 * The runtime the suites run on: $LUA_SNAPSHOT_RUNTIME (`luajit`: the same
 * tests against lua-snapshot-luajit), else Lua 5.4.
 */
export function suiteRuntime(): Runtime {
  const r = parseRuntime(process.env.LUA_SNAPSHOT_RUNTIME);
  if ("error" in r) throw new Error(`LUA_SNAPSHOT_RUNTIME: ${r.error}`);
  return r.runtime;
}

/**
 * Skips the running test on the runtimes that lack what it tests (the
 * adapter does not offer it there), saying why.
 */
export function skipOn(test: Mocha.Context, runtimes: Runtime[], why: string): void {
  const runtime = suiteRuntime();
  if (runtimes.includes(runtime)) {
    // Mocha prints the test as pending; the reason goes beside it.
    test.test!.title += ` (skipped on ${runtime}: ${why})`;
    test.skip();
  }
}

/** The release binary of `runtime` in target/release/. */
export function releaseBinary(runtime: Runtime): string {
  return path.join(RELEASE_DIR, binaryName(runtime, process.platform));
}

/** The adapter binary: $LUA_SNAPSHOT_ADAPTER, else the release binary of the suite's runtime. */
export function adapterPath(): string {
  const fromEnv = process.env.LUA_SNAPSHOT_ADAPTER;
  if (fromEnv !== undefined && fromEnv !== "") {
    return path.resolve(EXTENSION_DIR, fromEnv);
  }
  return releaseBinary(suiteRuntime());
}

/** Throws a message that says how to get the binary when it is missing. */
export function checkAdapter(): string {
  const binary = adapterPath();
  try {
    fs.accessSync(binary, fs.constants.X_OK);
  } catch {
    throw new Error(
      `the ${RUNTIMES[suiteRuntime()].name} debug adapter is missing or not executable at ${binary}: ` +
        "build it with `scripts/build-all.sh` (from the repository root), " +
        "or point LUA_SNAPSHOT_ADAPTER at a lua-snapshot binary",
    );
  }
  return binary;
}

/** A Lua fixture: `dap/x.lua` is tests/dap/x.lua, `dapclient/x.lua` tests/dapclient/x.lua. */
export function fixture(name: string): string {
  return fs.realpathSync(path.join(REPO_DIR, "tests", name));
}

/** The 1-based line of `file` that ends with the comment `-- @marker`. */
export function lineOf(file: string, marker: string): number {
  const tag = `-- @${marker}`;
  const index = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .findIndex((line) => line.trimEnd().endsWith(tag));
  assert.notEqual(index, -1, `no ${tag} in ${file}`);
  return index + 1;
}

/** Launch arguments of the lua-snapshot debug type (see package.json). */
export interface LuaLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  program: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string | null>;
  stopOnEntry?: boolean;
  luaPath?: string;
  luaCPath?: string;
  memoryLimitMB?: number;
  /** The extension's choice of binary; the adapter ignores it. */
  runtime?: string;
}

/** Every event the adapter can send; the client records them all. */
const EVENTS = [
  "initialized",
  "stopped",
  "continued",
  "exited",
  "terminated",
  "thread",
  "output",
  "breakpoint",
  "module",
  "loadedSource",
  "process",
  "capabilities",
  "invalidated",
  "memory",
  "progressStart",
  "progressUpdate",
  "progressEnd",
];

/** A DebugClient on `lua-snapshot dap` that keeps a log of the events. */
export class Adapter {
  readonly dc: DebugClient;
  /** Every event received, in order. */
  readonly events: DebugProtocol.Event[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(binary: string) {
    // DebugClient spawns `runtime [executable]`: the binary with `dap`.
    this.dc = new DebugClient(binary, "dap", "lua-snapshot");
    this.dc.defaultTimeout = WAIT_MS;
    for (const name of EVENTS) {
      this.dc.on(name, (event: DebugProtocol.Event) => {
        this.events.push(event);
        for (const listener of this.listeners) {
          listener();
        }
      });
    }
  }

  async start(): Promise<void> {
    await this.dc.start();
  }

  /** Disconnects (ending the script) and stops the adapter process. */
  async stop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => {
        resolve("timeout");
      }, WAIT_MS);
    });
    const result = await Promise.race([this.dc.stop(), gaveUp]);
    clearTimeout(timer);
    if (result === "timeout") {
      // No answer to disconnect: kill the process DebugClient started.
      (this.dc as unknown as { _adapterProcess?: { kill(): void } | null })._adapterProcess?.kill();
      throw new Error("the adapter did not answer disconnect");
    }
  }

  /** The events named `name` received so far. */
  named<T extends DebugProtocol.Event>(name: string): T[] {
    return this.events.filter((e) => e.event === name) as T[];
  }

  /** All output received so far in `category`, concatenated. */
  output(category: string): string {
    return this.named<DebugProtocol.OutputEvent>("output")
      .filter((e) => (e.body.category ?? "console") === category)
      .map((e) => e.body.output)
      .join("");
  }

  /** Waits until the output of `category` contains `text`; returns all of it. */
  waitOutput(category: string, text: string): Promise<string> {
    return this.waitUntil(`output ${JSON.stringify(text)} in ${category}`, () => {
      const all = this.output(category);
      return all.includes(text) ? all : undefined;
    });
  }

  /**
   * Waits for the first event named one of `names` after the first `skip`
   * such events; resolves with it whenever it arrived (no race with a
   * request that triggers it).
   */
  waitEvent(names: string[], skip: number): Promise<DebugProtocol.Event> {
    return this.waitUntil(`event ${names.join(" or ")} #${skip + 1}`, () =>
      this.events.filter((e) => names.includes(e.event))[skip],
    );
  }

  private waitUntil<T>(what: string, check: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = check();
      if (done !== undefined) {
        resolve(done);
        return;
      }
      const listener = (): void => {
        const value = check();
        if (value !== undefined) {
          this.listeners.delete(listener);
          clearTimeout(timer);
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        const log = this.events.map((e) => JSON.stringify(e)).join("\n");
        reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}; events:\n${log}`));
      }, WAIT_MS);
      this.listeners.add(listener);
    });
  }

  /**
   * initialize, then launch with `args` and wait for `initialized`; the
   * caller sets breakpoints and sends configurationDone. Returns the
   * adapter's capabilities.
   */
  async launch(args: LuaLaunchArguments): Promise<DebugProtocol.Capabilities> {
    const init = await this.dc.initializeRequest({
      clientID: "debugadapter-testsupport",
      adapterID: "lua-snapshot",
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: "path",
    });
    await Promise.all([this.dc.waitForEvent("initialized"), this.dc.launchRequest(args)]);
    return init.body ?? {};
  }

  /** The frames of the stopped thread 1, top first. */
  async frames(): Promise<DebugProtocol.StackFrame[]> {
    const response = await this.dc.stackTraceRequest({ threadId: 1 });
    return response.body.stackFrames;
  }

  /** Evaluates `expression` in the top frame (watch context); returns the result text. */
  async evaluate(expression: string, frameIndex = 0): Promise<string> {
    const frame = (await this.frames())[frameIndex];
    assert.ok(frame, `no frame ${frameIndex}`);
    const response = await this.dc.evaluateRequest({ expression, frameId: frame.id, context: "watch" });
    return response.body.result;
  }

  /**
   * Sends `request` (continue, a step, terminate...) and waits for the
   * script's `exited` and `terminated` events; returns the exit code.
   */
  async runToExit(request: () => Promise<unknown>): Promise<number> {
    const [, exited, terminated] = await Promise.all([
      request(),
      this.dc.waitForEvent("exited"),
      this.dc.waitForEvent("terminated"),
    ]);
    assert.ok(
      this.events.indexOf(exited) < this.events.indexOf(terminated),
      "exited must come before terminated",
    );
    return (exited as DebugProtocol.ExitedEvent).body.exitCode;
  }
}

/**
 * Registers mocha hooks that give each test a started Adapter (its events
 * logged when the test fails, stopped after it); returns its getter.
 */
export function useAdapter(): () => Adapter {
  let binary = "";
  let adapter: Adapter | undefined;
  before(function () {
    binary = checkAdapter();
  });
  beforeEach(async function () {
    adapter = new Adapter(binary);
    await adapter.start();
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed" && adapter) {
      console.error(`events received:\n${adapter.events.map((e) => JSON.stringify(e)).join("\n")}`);
    }
    await adapter?.stop();
  });
  return () => {
    assert.ok(adapter, "no adapter outside a test");
    return adapter;
  };
}
