/**
 * Starts the debug adapter: `lua-snapshot dap`, speaking DAP over stdio,
 * with the extension as the transport (`adapterProcess.ts`), and keeps the
 * process of at most one ended session whose snapshots the user still
 * looks at. An `attach` session has no adapter process: it talks to the
 * DAP server inside the user's host program (`hostConnection.ts`).
 *
 * The launch attribute `runtime` picks the binary (`adapterPath.ts`). A
 * missing binary is caught before the session starts (`problem()`, called
 * from `resolveDebugConfigurationWithSubstitutedVariables`, once `runtime`
 * is known): one error that says which path was tried, with a button to
 * the setting.
 */

import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import { ADAPTER_SETTING, adapterCandidate, missingAdapterMessage, type AdapterCandidate } from "./adapterPath";
import { AdapterProcess } from "./adapterProcess";
import type { DapMessage } from "./dapFraming";
import { Emitter, type Event } from "./events";
import { HostConnection } from "./hostConnection";
import { attachTarget } from "./launchConfig";
import { DEFAULT_RUNTIME, parseRuntime, restartRefusal, RUNTIMES, type Runtime } from "./runtime";

/**
 * Shows `problem` with a button that opens the settings where the
 * machine-scoped `adapterPath` is listed: the remote settings in a remote
 * window, else the user settings (never the workspace tab, which hides
 * machine settings).
 */
export function showAdapterProblem(problem: string): void {
  void vscode.window.showErrorMessage(problem, "Open Settings").then((choice) => {
    if (!choice) return;
    const command = vscode.env.remoteName ? "workbench.action.openRemoteSettings" : "workbench.action.openGlobalSettings";
    void vscode.commands.executeCommand(command, { query: `@id:${ADAPTER_SETTING}` });
  });
}

function isDirectory(path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Is the file there and runnable? Tries once to restore a lost executable bit on the bundled binary. */
function check(c: AdapterCandidate): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(c.path);
  } catch {
    return missingAdapterMessage(c);
  }
  if (!stat.isFile()) return missingAdapterMessage(c);
  if (process.platform === "win32") return undefined;
  try {
    fs.accessSync(c.path, fs.constants.X_OK);
    return undefined;
  } catch {
    // A .vsix packed on Windows, or unzipped by a tool that drops modes.
    if (c.source === "bundled") {
      try {
        fs.chmodSync(c.path, 0o755);
        return undefined;
      } catch {
        /* reported below */
      }
    }
    return `Lua Snapshot: the debug adapter "${c.path}" is not executable (chmod +x it), or set "${ADAPTER_SETTING}" to another folder of lua-snapshot binaries.`;
  }
}

/** What the extension can be the transport of: the adapter process, or a host's DAP server. */
interface Transport {
  readonly onDidSendMessage: Event<DapMessage>;
  handleMessage(message: DapMessage): void;
  dispose(): void;
}

/** VS Code's view of a transport. */
export class InlineAdapter extends vscode.Disposable implements vscode.DebugAdapter {
  readonly onDidSendMessage: vscode.Event<vscode.DebugProtocolMessage>;

  constructor(readonly proc: Transport) {
    super(() => proc.dispose());
    this.onDidSendMessage = proc.onDidSendMessage;
  }

  handleMessage(message: vscode.DebugProtocolMessage): void {
    this.proc.handleMessage(message as DapMessage);
  }
}

export class AdapterFactory implements vscode.DebugAdapterDescriptorFactory, vscode.Disposable {
  private keptSession: { sessionId: string; process: AdapterProcess } | undefined;
  private readonly releasedEmitter = new Emitter<string>();
  /** The kept process of an ended session is gone (its id). */
  readonly onDidReleaseKept = this.releasedEmitter.event;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
    /** Whether an ended session has snapshots worth keeping its process for. */
    private readonly keepEnded: (sessionId: string) => boolean,
  ) {}

  /** The binary that would be used for `runtime`, checked; exposed for tests and diagnostics. */
  resolve(runtime: Runtime = DEFAULT_RUNTIME): { candidate: AdapterCandidate; problem?: string } {
    const candidate = adapterCandidate({
      setting: vscode.workspace.getConfiguration().get<string>(ADAPTER_SETTING),
      runtime,
      extensionPath: this.extensionPath,
      platform: process.platform,
      home: os.homedir(),
      isDirectory,
    });
    const problem = check(candidate);
    return problem === undefined ? { candidate } : { candidate, problem };
  }

  /** The problem with the adapter of `runtime`, or undefined when it can run. */
  problem(runtime: Runtime = DEFAULT_RUNTIME): string | undefined {
    return this.resolve(runtime).problem;
  }

  /** The ended session kept with its adapter process, if any. */
  kept(): { sessionId: string; process: AdapterProcess } | undefined {
    return this.keptSession;
  }

  /** Ends the kept process of an ended session (the user cleared it, or a new session replaces it). */
  releaseKept(): void {
    const k = this.keptSession;
    if (!k) return;
    this.keptSession = undefined;
    k.process.shutdown();
    this.releasedEmitter.fire(k.sessionId);
  }

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    if (session.configuration.request === "attach") return this.attach(session);
    const runtime = parseRuntime(session.configuration.runtime);
    if ("error" in runtime) {
      // Normally caught by resolveDebugConfigurationWithSubstitutedVariables.
      this.log.error(runtime.error);
      return undefined;
    }
    const { candidate, problem } = this.resolve(runtime.runtime);
    if (problem !== undefined) {
      // Normally caught by resolveDebugConfigurationWithSubstitutedVariables; undefined makes VS Code say it too.
      this.log.error(problem);
      return undefined;
    }
    // A new session replaces the ended one kept for its snapshots.
    this.releaseKept();
    this.log.info(`debug adapter (${RUNTIMES[candidate.runtime].name}): ${candidate.path} dap`);
    const proc = new AdapterProcess(
      candidate.path,
      ["dap"],
      this.log,
      () => this.keepEnded(session.id),
      (m) => restartRefusal(m, candidate.runtime),
    );
    proc.onDidDetach(() => {
      this.releaseKept();
      this.keptSession = { sessionId: session.id, process: proc };
    });
    proc.onDidExit(() => {
      if (this.keptSession?.process === proc) {
        this.keptSession = undefined;
        this.releasedEmitter.fire(session.id);
      }
    });
    return new vscode.DebugAdapterInlineImplementation(new InlineAdapter(proc));
  }

  /**
   * Straight to the host's DAP server. Nothing is kept when the session
   * ends: there is no process of ours, and the host keeps running.
   * `runtime` does not apply: the host runs its own Lua (lsnapshot is
   * built for it), so a `runtime` there is ignored, as the schema says.
   */
  private attach(session: vscode.DebugSession): vscode.DebugAdapterDescriptor | undefined {
    const target = attachTarget(session.configuration as { port?: unknown; host?: unknown });
    if ("error" in target) {
      // Normally caught by resolveDebugConfigurationWithSubstitutedVariables.
      this.log.error(target.error);
      return undefined;
    }
    // A new session replaces the ended one kept for its snapshots.
    this.releaseKept();
    this.log.info(`attaching to the Lua host at ${target.host}:${target.port}`);
    const runtime: unknown = session.configuration.runtime;
    if (runtime !== undefined) {
      this.log.info(`"runtime": ${JSON.stringify(runtime)} is ignored for attach: the host runs its own Lua`);
    }
    return new vscode.DebugAdapterInlineImplementation(new InlineAdapter(new HostConnection(target.host, target.port, this.log)));
  }

  dispose(): void {
    this.releaseKept();
    this.releasedEmitter.dispose();
  }
}
