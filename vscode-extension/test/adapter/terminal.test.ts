// `console: "integratedTerminal"` through the DebugClient, which plays
// VS Code's part of runInTerminal: it runs the command the adapter asks
// for (the relay) as a child process, types into its stdin and reads its
// stdout, as the user would in the terminal.
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { Adapter, checkAdapter, fixture } from "./support";

const INTERACTIVE = fixture("dap/interactive.lua");
const FIXTURES = fixture("dap");

/** The `console` values package.json offers in launch configurations. */
function consoleValues(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
    contributes: { debuggers: { configurationAttributes: { launch: { properties: Record<string, { enum?: string[] }> } } }[] };
  };
  return manifest.contributes.debuggers[0]?.configurationAttributes.launch.properties.console?.enum ?? [];
}

/** What DebugClient keeps private: its dispatcher and the adapter's stdin. */
interface ClientInternals {
  dispatch(body: string): void;
  outputStream: NodeJS.WritableStream;
}

describe("interactive programs through @vscode/debugadapter-testsupport", function () {
  let adapter: Adapter;
  let relay: ChildProcess | undefined;

  beforeEach(async function () {
    adapter = new Adapter(checkAdapter());
    relay = undefined;
    await adapter.start();
  });

  afterEach(async function () {
    relay?.kill();
    await adapter.stop();
  });

  /** Answers the adapter's runInTerminal by running its command; resolves with the child. */
  function answerRunInTerminal(): Promise<ChildProcess> {
    const client = adapter.dc as unknown as ClientInternals;
    const dispatch = client.dispatch.bind(adapter.dc);
    return new Promise((resolve) => {
      client.dispatch = (body: string) => {
        const message = JSON.parse(body) as DebugProtocol.ProtocolMessage;
        if (message.type !== "request" || (message as DebugProtocol.Request).command !== "runInTerminal") {
          dispatch(body);
          return;
        }
        const args = (message as DebugProtocol.RunInTerminalRequest).arguments;
        assert.equal(args.kind, "integrated");
        const [command, ...rest] = args.args;
        assert.ok(command !== undefined);
        const child = spawn(command, rest, { cwd: args.cwd, stdio: ["pipe", "pipe", "inherit"] });
        const response = JSON.stringify({
          seq: 0,
          type: "response",
          request_seq: message.seq,
          command: "runInTerminal",
          success: true,
          body: { processId: child.pid },
        });
        client.outputStream.write(`Content-Length: ${Buffer.byteLength(response, "utf8")}\r\n\r\n${response}`);
        resolve(child);
      };
    });
  }

  it("runs the program's stdin and stdout in the terminal", async function () {
    assert.deepEqual(consoleValues(), ["internalConsole", "integratedTerminal", "externalTerminal"]);
    const { dc } = adapter;
    await dc.initializeRequest({
      clientID: "debugadapter-testsupport",
      adapterID: "lua-snapshot",
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: "path",
      supportsRunInTerminalRequest: true,
    });
    const terminal = answerRunInTerminal();
    const launch = { program: INTERACTIVE, cwd: FIXTURES, console: "integratedTerminal" };
    await Promise.all([dc.waitForEvent("initialized"), dc.launchRequest(launch as DebugProtocol.LaunchRequestArguments)]);
    relay = await terminal;
    let seen = "";
    relay.stdout?.on("data", (chunk: Buffer) => (seen += chunk.toString("utf8")));
    // `close`: the exit code, once every byte of its stdout was read.
    const ended = new Promise<number | null>((resolve) => relay?.once("close", resolve));
    relay.stdin?.end("Ada\n21\n");
    assert.equal(await adapter.runToExit(() => dc.configurationDoneRequest()), 0);
    assert.equal(await ended, 0);
    assert.equal(seen, "name? hello, Ada\ntwice:\t42\nfrom a child\nrest:\t1\n");
    assert.equal(adapter.output("stderr"), "to stderr\n");
  });
});
