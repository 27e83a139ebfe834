/**
 * The transport of an `attach` session: a TCP connection to the DAP server
 * that the user's own program runs (`require("lsnapshot").listen{port = N}`
 * inside the host). No adapter process: the host is the adapter, and VS
 * Code's `initialize` and `attach` (with `port`/`host` in its arguments) go
 * straight to it. Pure Node, so the adapter suite drives it against the
 * real `lua-snapshot dap --port`.
 *
 * Why not `vscode.DebugAdapterServer(port, host)`: VS Code would then
 * report a refused connection as a bare "connect ECONNREFUSED
 * 127.0.0.1:4711", and the only way to say something better beforehand, a
 * test connection, would itself take the host's one session slot for a
 * moment, so that VS Code's own connection could be refused as a second
 * client. Here the one connection is VS Code's, and a failure answers
 * VS Code's `initialize` with a message that says what to do.
 */

import * as net from "node:net";
import type { AdapterLog } from "./adapterProcess";
import { DapReader, encodeMessage, type DapMessage } from "./dapFraming";
import { Emitter, type Event } from "./events";

/** A host that neither accepts nor refuses (a dropped packet) is given up after this. */
export const CONNECT_TIMEOUT_MS = 10_000;

export function notListeningMessage(host: string, port: number): string {
  return `No Lua host listening on ${host}:${port}: call require('lsnapshot').listen{port = ${port}} in the host`;
}

function connectFailure(host: string, port: number, e: NodeJS.ErrnoException): string {
  if (e.code === "ECONNREFUSED") return notListeningMessage(host, port);
  if (e.code === "ETIMEDOUT") return `No answer from ${host}:${port} within ${CONNECT_TIMEOUT_MS / 1000} s: is the Lua host running there?`;
  return `Cannot connect to the Lua host at ${host}:${port}: ${e.message}`;
}

export class HostConnection {
  private readonly socket: net.Socket;
  private readonly reader: DapReader;
  private readonly sent = new Emitter<DapMessage>();
  /** VS Code's messages written before the connection was up. */
  private queue: DapMessage[] = [];
  private connected = false;
  /** Why the connection failed or ended; requests are then answered with it. */
  private failure: string | undefined;
  private disposed = false;
  private ended = false;

  /** Messages for VS Code (`vscode.DebugAdapter.onDidSendMessage`). */
  readonly onDidSendMessage: Event<DapMessage> = this.sent.event;

  constructor(
    readonly host: string,
    readonly port: number,
    log: AdapterLog,
  ) {
    this.reader = new DapReader((e) => log.error(`unreadable message from the Lua host: ${e}`));
    this.socket = net.connect({ host, port });
    this.socket.setTimeout(CONNECT_TIMEOUT_MS);
    this.socket.on("timeout", () => {
      if (!this.connected) this.socket.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" }));
    });
    this.socket.on("connect", () => {
      this.connected = true;
      this.socket.setTimeout(0);
      log.info(`attached to the Lua host at ${host}:${port}`);
      for (const m of this.queue) this.socket.write(encodeMessage(m));
      this.queue = [];
    });
    this.socket.on("data", (chunk: Buffer) => {
      for (const m of this.reader.push(chunk)) this.sent.fire(m);
    });
    this.socket.on("error", (e: NodeJS.ErrnoException) => {
      if (this.connected) {
        if (!this.disposed) log.warn(`connection to the Lua host at ${host}:${port}: ${e.message}`);
        return;
      }
      this.failure = connectFailure(host, port, e);
      log.error(this.failure);
      for (const m of this.queue) this.answer(m);
      this.queue = [];
      this.end();
    });
    this.socket.on("close", () => {
      if (this.disposed || this.failure !== undefined) return;
      // The host went away (it ended, or closed the server) while VS Code was attached.
      this.failure = `the Lua host at ${host}:${port} closed the connection`;
      log.warn(this.failure);
      this.sent.fire({ seq: 0, type: "event", event: "output", body: { category: "important", output: `${this.failure}\n` } });
      this.end();
    });
  }

  /** A message from VS Code. */
  handleMessage(message: DapMessage): void {
    if (this.failure !== undefined) this.answer(message);
    else if (this.connected) this.socket.write(encodeMessage(message));
    else this.queue.push(message);
  }

  /** VS Code is done with the session: the connection goes (the host keeps running). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.socket.end();
    // A host that does not close its side is not waited for.
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  /** Answers a request when there is no host to answer it: `disconnect` succeeds, anything else fails with the reason. */
  private answer(message: DapMessage): void {
    if (message.type !== "request") return;
    const ok = message.command === "disconnect" || message.command === "terminate";
    const response: DapMessage = { seq: 0, type: "response", request_seq: message.seq, success: ok };
    if (message.command !== undefined) response.command = message.command;
    if (!ok) response.message = this.failure ?? "not connected";
    this.sent.fire(response);
  }

  /** The session is over for VS Code: once. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.sent.fire({ seq: 0, type: "event", event: "terminated" });
  }
}
