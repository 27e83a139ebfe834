/**
 * What the extension knows about each lua-snapshot debug session: its
 * snapshots, the diffs received or requested, the heap size at the last
 * snapshot. Pure (no `vscode` import).
 *
 * Why one store: the tree, the status bar and the leak diagnostics are all
 * views of the same facts, which arrive from two places (the adapter's
 * `snapshotDiff` events and the user's commands). Everything writes here,
 * the views listen, and an end-to-end test can read the store directly.
 */

import { Emitter, type Event } from "./events";
import type { ClassSummary, DiffBody, PublishDiagnosticsParams, SnapshotInfo } from "./protocol";
import type { LeakReport } from "./report";

/** Diffs kept per session, newest first: older ones are of little use and cost memory. */
export const MAX_DIFFS = 10;

export type DiffOrigin = "stop" | "command";

export interface DiffEntry {
  /** Unique per session, increasing: stable tree ids. */
  seq: number;
  origin: DiffOrigin;
  body: DiffBody;
  /** Objects per class, `to` compared with `from` (`snapshotSummary`), when the adapter has it. */
  classes?: ClassSummary[];
}

export interface SessionState {
  /** The DAP session id. */
  key: string;
  name: string;
  /** Working directory of the debugged program, to resolve relative sources. */
  cwd?: string;
  ended: boolean;
  /** Ascending ids. */
  snapshots: SnapshotInfo[];
  /** Newest first. */
  diffs: DiffEntry[];
  /** Lua heap in bytes at the latest snapshot. */
  heapBytes?: number;
  nextDiffSeq: number;
}

/** A leak report file shown beside the sessions ("Open Lua Leak Report…"). */
export interface ReportEntry {
  /** Unique: one entry per file. */
  key: string;
  /** Absolute path of the file. */
  file: string;
  report: LeakReport;
  /** The run's working directory, inferred (relative sources in paths resolve against it). */
  baseDir?: string;
  /** Its leaked closures, computed by the extension. */
  diagnostics: PublishDiagnosticsParams[];
}

export interface DiffAdded {
  session: SessionState;
  entry: DiffEntry;
}

export class SnapshotStore {
  private readonly sessions = new Map<string, SessionState>();
  private currentKey: string | undefined;
  private readonly changed = new Emitter<void>();
  private readonly diffAdded = new Emitter<DiffAdded>();
  private readonly reportAdded = new Emitter<ReportEntry>();
  private reportEntries: ReportEntry[] = [];

  /** Anything changed (tree, status bar). */
  readonly onDidChange: Event<void> = this.changed.event;
  /** A diff arrived (diagnostics). */
  readonly onDidAddDiff: Event<DiffAdded> = this.diffAdded.event;
  /** A report was opened (diagnostics). */
  readonly onDidAddReport: Event<ReportEntry> = this.reportAdded.event;

  /**
   * A new session becomes current. Ended sessions are forgotten: their
   * results stayed visible until the user started over.
   */
  startSession(key: string, name: string, cwd?: string): SessionState {
    for (const [k, s] of this.sessions) {
      if (s.ended) this.sessions.delete(k);
    }
    const s: SessionState = { key, name, ended: false, snapshots: [], diffs: [], nextDiffSeq: 1 };
    if (cwd) s.cwd = cwd;
    this.sessions.set(key, s);
    this.currentKey = key;
    this.changed.fire();
    return s;
  }

  /**
   * The session stays visible. Its diffs stay; its snapshots stay when
   * `keepSnapshots` (its adapter process still serves them), else they are
   * gone with the adapter.
   */
  endSession(key: string, keepSnapshots = false): void {
    const s = this.sessions.get(key);
    if (!s) return;
    s.ended = true;
    if (!keepSnapshots) s.snapshots = [];
    if (this.currentKey !== key && !keepSnapshots) this.sessions.delete(key);
    this.changed.fire();
  }

  /** The adapter of an ended session is gone: so are its snapshots. */
  dropSnapshots(key: string): void {
    const s = this.sessions.get(key);
    if (!s?.ended) return;
    s.snapshots = [];
    this.changed.fire();
  }

  /** Forgets a session and everything shown of it ("Clear Lua Snapshots"). */
  forget(key: string): void {
    if (!this.sessions.delete(key)) return;
    if (this.currentKey === key) this.currentKey = undefined;
    this.changed.fire();
  }

  /** Drops the diffs of a session (its snapshots were deleted). */
  clearDiffs(key: string): void {
    const s = this.sessions.get(key);
    if (!s) return;
    s.diffs = [];
    this.changed.fire();
  }

  setCurrent(key: string): void {
    if (this.sessions.has(key) && this.currentKey !== key) {
      this.currentKey = key;
      this.changed.fire();
    }
  }

  get(key: string): SessionState | undefined {
    return this.sessions.get(key);
  }

  /** The session the views show. */
  current(): SessionState | undefined {
    return this.currentKey === undefined ? undefined : this.sessions.get(this.currentKey);
  }

  addSnapshot(key: string, info: SnapshotInfo): void {
    const s = this.sessions.get(key);
    if (!s) return;
    s.snapshots = [...s.snapshots.filter((x) => x.id !== info.id), info].sort((a, b) => a.id - b.id);
    s.heapBytes = info.heapBytes;
    this.changed.fire();
  }

  /** The adapter's list replaces ours (it drops old ones past `maxSnapshots`). */
  setSnapshots(key: string, list: readonly SnapshotInfo[]): void {
    const s = this.sessions.get(key);
    if (!s) return;
    s.snapshots = [...list].sort((a, b) => a.id - b.id);
    const last = s.snapshots[s.snapshots.length - 1];
    if (last) s.heapBytes = last.heapBytes;
    this.changed.fire();
  }

  removeSnapshot(key: string, id: number): void {
    const s = this.sessions.get(key);
    if (!s) return;
    s.snapshots = s.snapshots.filter((x) => x.id !== id);
    this.changed.fire();
  }

  addDiff(key: string, body: DiffBody, origin: DiffOrigin): DiffEntry | undefined {
    const s = this.sessions.get(key);
    if (!s) return undefined;
    const entry: DiffEntry = { seq: s.nextDiffSeq++, origin, body };
    s.diffs = [entry, ...s.diffs].slice(0, MAX_DIFFS);
    if (body.heapBytes !== undefined) s.heapBytes = body.heapBytes;
    this.diffAdded.fire({ session: s, entry });
    this.changed.fire();
    return entry;
  }

  /** The class summary of a diff arrived. */
  setDiffClasses(key: string, seq: number, classes: ClassSummary[]): void {
    const entry = this.sessions.get(key)?.diffs.find((d) => d.seq === seq);
    if (!entry) return;
    entry.classes = classes;
    this.changed.fire();
  }

  /** Shows a report; one opened again replaces its older entry. Newest first. */
  addReport(entry: ReportEntry): void {
    this.reportEntries = [entry, ...this.reportEntries.filter((r) => r.key !== entry.key)];
    this.reportAdded.fire(entry);
    this.changed.fire();
  }

  removeReport(key: string): void {
    const before = this.reportEntries.length;
    this.reportEntries = this.reportEntries.filter((r) => r.key !== key);
    if (this.reportEntries.length !== before) this.changed.fire();
  }

  /** The open reports, newest first. */
  reports(): readonly ReportEntry[] {
    return this.reportEntries;
  }

  dispose(): void {
    this.changed.dispose();
    this.diffAdded.dispose();
    this.reportAdded.dispose();
  }
}
