/**
 * Tracks lua-snapshot debug sessions: which exist, which one commands act
 * on, whether it is stopped (and in which thread), and the adapter's
 * `snapshotDiff` events, which go to the store.
 *
 * Why a debug adapter tracker: VS Code's API tells nothing about a
 * session's stopped state; the tracker sees the `stopped`/`continued`
 * events, which lets "Take Lua Snapshot" label a snapshot with the stop
 * location without asking the user.
 */

import * as vscode from "vscode";
import type { AdapterProcess } from "./adapterProcess";
import {
  DEBUG_TYPE,
  parseDiffBody,
  parseSnapshotInfo,
  parseSnapshotList,
  SNAPSHOT_DIFF_EVENT,
  SNAPSHOT_TAKEN_EVENT,
  type DiffBody,
} from "./protocol";
import type { Disposable } from "./events";
import type { SnapshotStore } from "./state";

/** DAP requests after which the program runs. */
const RESUMING = new Set(["continue", "next", "stepIn", "stepOut", "stepBack", "reverseContinue", "goto", "restart"]);

/**
 * Where snapshot requests go: a running session (through VS Code), or the
 * kept adapter process of an ended one (directly).
 */
export interface SnapshotTarget {
  /** The DAP session id, the store's key. */
  id: string;
  /** The VS Code session while it runs. */
  live?: vscode.DebugSession;
  request(command: string, args?: unknown): Promise<unknown>;
}

/** The ended session whose adapter process is kept, as `AdapterFactory.kept()` gives it. */
export type KeptSession = () => { sessionId: string; process: AdapterProcess } | undefined;

interface RunState {
  /** Thread of the last `stopped` event, until a `continued`. */
  stoppedThread?: number;
}

export class SessionTracker implements vscode.Disposable {
  private readonly sessions = new Map<string, vscode.DebugSession>();
  private readonly run = new Map<string, RunState>();
  private readonly ended = new vscode.EventEmitter<vscode.DebugSession>();
  private readonly disposables: Disposable[] = [this.ended];

  /** A lua-snapshot session ended. */
  readonly onDidEndSession = this.ended.event;

  constructor(
    private readonly store: SnapshotStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly kept: KeptSession = () => undefined,
  ) {
    const d = vscode.debug;
    this.disposables.push(
      d.onDidStartDebugSession((s) => this.started(s)),
      d.onDidTerminateDebugSession((s) => this.terminated(s)),
      d.onDidChangeActiveDebugSession((s) => {
        if (s?.type === DEBUG_TYPE) this.store.setCurrent(s.id);
      }),
      d.onDidReceiveDebugSessionCustomEvent((e) => this.customEvent(e)),
      d.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
        createDebugAdapterTracker: (s) => this.trackerFor(s),
      }),
    );
    // Sessions that started before the extension was activated.
    const active = d.activeDebugSession;
    if (active?.type === DEBUG_TYPE) this.started(active);
  }

  /** The session commands act on: the focused one if it is ours, else the latest. */
  activeSession(): vscode.DebugSession | undefined {
    const active = vscode.debug.activeDebugSession;
    if (active?.type === DEBUG_TYPE && this.sessions.has(active.id)) return active;
    return [...this.sessions.values()].pop();
  }

  /** The thread a session is stopped in, or undefined while it runs. */
  stoppedThread(session: vscode.DebugSession): number | undefined {
    return this.run.get(session.id)?.stoppedThread;
  }

  /** Where snapshot requests go: the session commands act on, else the kept ended one. */
  target(): SnapshotTarget | undefined {
    const live = this.activeSession();
    if (live) {
      return { id: live.id, live, request: async (c, a) => (await live.customRequest(c, a)) as unknown };
    }
    const k = this.kept();
    if (k && this.store.get(k.sessionId)) {
      return { id: k.sessionId, request: (c, a) => k.process.request(c, a) };
    }
    return undefined;
  }

  /** Where requests for the session `key` go: the running session, or its kept adapter process. */
  targetFor(key: string): SnapshotTarget | undefined {
    const live = this.sessions.get(key);
    if (live) return { id: key, live, request: async (c, a) => (await live.customRequest(c, a)) as unknown };
    const k = this.kept();
    if (k?.sessionId === key) return { id: key, request: (c, a) => k.process.request(c, a) };
    return undefined;
  }

  /** Asks the adapter for its snapshot list and stores it. */
  async refreshSnapshots(target: SnapshotTarget): Promise<void> {
    const body: unknown = await target.request("listSnapshots");
    this.store.setSnapshots(target.id, parseSnapshotList(body));
  }

  private started(s: vscode.DebugSession): void {
    if (s.type !== DEBUG_TYPE || this.sessions.has(s.id)) return;
    this.sessions.set(s.id, s);
    const cwd: unknown = s.configuration.cwd;
    this.store.startSession(s.id, s.name, typeof cwd === "string" ? cwd : undefined);
    this.log.info(`session started: ${s.name} (${s.id})`);
  }

  private terminated(s: vscode.DebugSession): void {
    if (!this.sessions.delete(s.id)) return;
    this.run.delete(s.id);
    this.store.endSession(s.id, this.kept()?.sessionId === s.id);
    this.log.info(`session ended: ${s.name} (${s.id})`);
    this.ended.fire(s);
  }

  private customEvent(e: vscode.DebugSessionCustomEvent): void {
    if (e.session.type !== DEBUG_TYPE) return;
    if (e.event === SNAPSHOT_TAKEN_EVENT) {
      try {
        this.started(e.session);
        this.store.addSnapshot(e.session.id, parseSnapshotInfo(e.body));
      } catch (err) {
        this.log.error(`${SNAPSHOT_TAKEN_EVENT} event ignored: ${String(err)}`);
      }
      return;
    }
    if (e.event !== SNAPSHOT_DIFF_EVENT) return;
    let body: DiffBody;
    try {
      body = parseDiffBody(e.body);
    } catch (err) {
      this.log.error(`${SNAPSHOT_DIFF_EVENT} event ignored: ${String(err)}`);
      return;
    }
    this.started(e.session);
    this.store.addDiff(e.session.id, body, "stop");
    // The adapter may have dropped old snapshots past maxSnapshots.
    const session = e.session;
    this.refreshSnapshots({ id: session.id, request: async (c, a) => (await session.customRequest(c, a)) as unknown }).catch((err: unknown) => {
      this.log.warn(`listSnapshots after ${SNAPSHOT_DIFF_EVENT} failed: ${String(err)}`);
    });
  }

  private trackerFor(s: vscode.DebugSession): vscode.DebugAdapterTracker {
    const state: RunState = {};
    this.run.set(s.id, state);
    return {
      // Adapters need not send `continued` after a request that resumes the
      // program: the request itself means "running".
      onWillReceiveMessage: (m: unknown) => {
        const cmd = (m as { type?: unknown; command?: unknown } | null) ?? {};
        if (cmd.type === "request" && typeof cmd.command === "string" && RESUMING.has(cmd.command)) {
          delete state.stoppedThread;
        }
      },
      onDidSendMessage: (m: unknown) => {
        if (typeof m !== "object" || m === null) return;
        const msg = m as { type?: unknown; event?: unknown; body?: { threadId?: unknown } };
        if (msg.type !== "event") return;
        if (msg.event === "stopped") {
          const t = msg.body?.threadId;
          state.stoppedThread = typeof t === "number" ? t : 1;
        } else if (msg.event === "continued" || msg.event === "terminated" || msg.event === "exited") {
          delete state.stoppedThread;
        }
      },
      onError: (err) => this.log.error(`adapter error: ${err.message}`),
      onExit: (code, signal) => {
        if (code || signal) this.log.warn(`adapter exited with code ${String(code)} signal ${String(signal)}`);
      },
    };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
