/**
 * The `lua-snapshot dap` process with the extension as its transport (VS
 * Code sees a `DebugAdapterInlineImplementation`). Pure Node: no `vscode`
 * import, so the adapter test suite drives it against the real binary.
 *
 * Why not let VS Code run the process: VS Code sends `disconnect` right
 * after the adapter's `terminated` event and the adapter then exits, taking
 * the session's snapshots with it. Here, once the program has ended and
 * `keep()` says the user has snapshots to look at, we answer that
 * `disconnect` ourselves and the process stays: it serves snapshot requests
 * (list, diff, export, setBaseline, delete) through `request()` until
 * `shutdown()` (the user clears, a new session replaces it, the extension
 * stops). The owner keeps at most one such process (`adapterFactory.ts`).
 *
 * Also: a normal end of the process is not an error (VS Code's own
 * transport reports every close of the adapter's stdout as "read error");
 * and the owner may refuse requests the process must not get (a restart
 * onto another runtime than the binary's): they are answered as failed.
 */

import { spawn, type ChildProcess } from "node:child_process";
import { DapReader, encodeMessage, type DapMessage } from "./dapFraming";
import { Emitter, type Event } from "./events";

export type { DapMessage } from "./dapFraming";

export interface AdapterLog {
  /** The adapter's own trace (its stderr): hidden unless the channel's level is Trace. */
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Seqs of our own requests: far above VS Code's, which count from 1. */
const OWN_SEQ_START = 1_000_000_000;
/** How long `shutdown` waits for the process after closing its stdin. */
const EXIT_GRACE_MS = 3000;

export class AdapterProcess {
  private readonly proc: ChildProcess;
  private readonly reader = new DapReader((e) => this.log.error(`unreadable message from the adapter: ${e}`));
  private readonly sent = new Emitter<DapMessage>();
  private readonly detachedEmitter = new Emitter<void>();
  private readonly exitedEmitter = new Emitter<void>();
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextSeq = OWN_SEQ_START;
  private stopping = false;

  /** Messages for VS Code (`vscode.DebugAdapter.onDidSendMessage`). */
  readonly onDidSendMessage: Event<DapMessage> = this.sent.event;
  /** VS Code's session ended, the process stays for snapshot requests. */
  readonly onDidDetach: Event<void> = this.detachedEmitter.event;
  /** The process is gone. */
  readonly onDidExit: Event<void> = this.exitedEmitter.event;
  /** The adapter sent `terminated`: the program is over. */
  programEnded = false;
  /** VS Code's session is over; only `request()` talks to the process. */
  detached = false;
  exited = false;

  constructor(
    command: string,
    args: readonly string[],
    private readonly log: AdapterLog,
    /** Asked when VS Code disconnects after the program ended: keep the process? */
    private readonly keep: () => boolean,
    /** Why a request from VS Code must not reach the process (answered as failed with it), if so. */
    private readonly refuse: (message: DapMessage) => string | undefined = () => undefined,
  ) {
    this.proc = spawn(command, [...args], { stdio: ["pipe", "pipe", "pipe"] });
    this.proc.stdout?.on("data", (chunk: Buffer) => {
      for (const m of this.reader.push(chunk)) this.dispatch(m);
    });
    this.proc.stderr?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") this.log.trace(`adapter: ${line}`);
    });
    this.proc.stdin?.on("error", (e) => {
      if (!this.stopping) this.log.error(`adapter stdin: ${e.message}`);
    });
    this.proc.on("error", (e) => {
      this.log.error(`cannot run the debug adapter "${command}": ${e.message}`);
      this.gone();
    });
    this.proc.on("exit", (code, signal) => {
      if (!this.stopping && (code !== 0 || signal)) {
        this.log.error(`the debug adapter exited with code ${String(code)} signal ${String(signal)}`);
      }
      this.gone();
    });
  }

  /** A message from VS Code (`vscode.DebugAdapter.handleMessage`). */
  handleMessage(message: DapMessage): void {
    const refusal = message.type === "request" ? this.refuse(message) : undefined;
    if (refusal !== undefined) {
      this.sent.fire({ seq: 0, type: "response", request_seq: message.seq, command: message.command, success: false, message: refusal });
      return;
    }
    if (message.type === "request" && message.command === "disconnect" && this.programEnded && !this.exited) {
      if (this.keep()) {
        this.detached = true;
        this.sent.fire({ seq: 0, type: "response", request_seq: message.seq, command: "disconnect", success: true });
        this.log.info("program ended: the adapter stays to serve its snapshots");
        this.detachedEmitter.fire();
        return;
      }
    }
    this.write(message);
  }

  /** Sends a request of our own (an ended session's snapshots); resolves with the response body. */
  request(command: string, args?: unknown): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error("the debug adapter has exited"));
    const seq = this.nextSeq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      const message: DapMessage & { arguments?: unknown } = { seq, type: "request", command };
      if (args !== undefined) message.arguments = args;
      this.write(message);
    });
  }

  /** Ends the process: closes its stdin (the adapter ends the session and exits), kills it if it lingers. */
  shutdown(): void {
    if (this.exited || this.stopping) return;
    this.stopping = true;
    this.proc.stdin?.end();
    const timer = setTimeout(() => {
      if (!this.exited) this.proc.kill("SIGKILL");
    }, EXIT_GRACE_MS);
    timer.unref();
  }

  /** VS Code is done with the session: the process goes, unless it was kept. */
  dispose(): void {
    if (!this.detached) this.shutdown();
  }

  private write(message: DapMessage): void {
    const stdin = this.proc.stdin;
    if (!stdin || this.exited || stdin.destroyed) return;
    stdin.write(encodeMessage(message));
  }

  private dispatch(message: DapMessage): void {
    if (message.type === "response" && message.request_seq !== undefined) {
      const p = this.pending.get(message.request_seq);
      if (p) {
        this.pending.delete(message.request_seq);
        if (message.success) p.resolve(message.body);
        else p.reject(new Error(message.message ?? `${message.command ?? "request"} failed`));
        return;
      }
    }
    if (message.type === "event" && message.event === "terminated") this.programEnded = true;
    if (!this.detached) this.sent.fire(message);
  }

  private gone(): void {
    if (this.exited) return;
    this.exited = true;
    for (const p of this.pending.values()) p.reject(new Error("the debug adapter has exited"));
    this.pending.clear();
    // A live session must hear that it is over, however the process ended.
    if (!this.detached && !this.programEnded) {
      this.programEnded = true;
      this.sent.fire({ seq: 0, type: "event", event: "terminated" });
    }
    this.exitedEmitter.fire();
  }
}
