/**
 * The commands. Each one is a thin script over a snapshot request to the
 * session's adapter (running, or ended and kept, see `session.ts`); the
 * results go to the store, which updates the tree, the status bar and the
 * diagnostics.
 *
 * For end-to-end tests (and keybindings), every question the UI would ask
 * can be answered by arguments instead, and each command returns what it
 * got from the adapter:
 *   luaSnapshot.takeSnapshot({label?, gc?})         -> TakeSnapshotResult
 *   luaSnapshot.diffSnapshots(from?, to?)           -> DiffBody
 *   luaSnapshot.exportSnapshot(id | node?, path?)   -> {path}
 *   luaSnapshot.markBaseline(id | node)             -> the new baseline's id
 *   luaSnapshot.clearSnapshots()                    -> true when something was cleared
 * Commands return undefined when there is nothing to do or the user
 * cancelled; adapter errors are shown to the user and also returned as
 * undefined (the message says what failed).
 */

import * as nodePath from "node:path";
import * as vscode from "vscode";
import { clockTime, formatBytes, formatDuration, plural } from "./format";
import type { LeakDiagnostics } from "./leakDiagnostics";
import {
  parseDiffBody,
  parseExportResult,
  parseTakeSnapshotResult,
  type DiffBody,
  type DiffSnapshotsArgs,
  type ExportSnapshotArgs,
  type SnapshotInfo,
  type TakeSnapshotArgs,
  type TakeSnapshotResult,
} from "./protocol";
import type { SessionTracker, SnapshotTarget } from "./session";
import type { SnapshotStore } from "./state";

export const COMMANDS = {
  takeSnapshot: "luaSnapshot.takeSnapshot",
  diffSnapshots: "luaSnapshot.diffSnapshots",
  exportSnapshot: "luaSnapshot.exportSnapshot",
  clearDiagnostics: "luaSnapshot.clearDiagnostics",
  markBaseline: "luaSnapshot.markBaseline",
  clearSnapshots: "luaSnapshot.clearSnapshots",
} as const;

export interface CommandDeps {
  store: SnapshotStore;
  tracker: SessionTracker;
  diagnostics: LeakDiagnostics;
  log: vscode.LogOutputChannel;
  /** Ends the kept adapter process of an ended session. */
  releaseKept: () => void;
}

const NO_SESSION =
  'No "Lua (snapshot)" debug session is running, and none has ended with snapshots. Start one (F5 on a Lua file) first.';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs a command body; errors become a message instead of an unhandled rejection. */
async function reporting<T>(what: string, log: vscode.LogOutputChannel, f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    log.error(`${what} failed: ${errorText(e)}`);
    void vscode.window.showErrorMessage(`Lua Snapshot: ${what} failed: ${errorText(e)}`);
    return undefined;
  }
}

function requireTarget(tracker: SessionTracker): SnapshotTarget | undefined {
  const t = tracker.target();
  if (!t) void vscode.window.showWarningMessage(NO_SESSION);
  return t;
}

/** `file.lua:12` of the top frame when the session is stopped, else undefined. */
async function stopLabel(tracker: SessionTracker, session: vscode.DebugSession | undefined): Promise<string | undefined> {
  if (!session) return undefined;
  const threadId = tracker.stoppedThread(session);
  if (threadId === undefined) return undefined;
  try {
    const r = (await session.customRequest("stackTrace", { threadId, startFrame: 0, levels: 1 })) as {
      stackFrames?: { line?: number; source?: { path?: string; name?: string } }[];
    };
    const top = r.stackFrames?.[0];
    const file = top?.source?.path ?? top?.source?.name;
    if (!top || !file || typeof top.line !== "number") return undefined;
    return `${nodePath.basename(file)}:${top.line}`;
  } catch {
    return undefined;
  }
}

async function takeSnapshot(deps: CommandDeps, arg?: unknown): Promise<TakeSnapshotResult | undefined> {
  const target = requireTarget(deps.tracker);
  if (!target) return undefined;
  if (!target.live) {
    void vscode.window.showInformationMessage(
      "Lua Snapshot: the program has ended, there is no heap left to snapshot. Its snapshots can still be diffed and exported.",
    );
    return undefined;
  }
  // Toolbar and palette pass other things (or nothing): only a plain {label?, gc?} counts.
  const opts = typeof arg === "object" && arg !== null ? (arg as Partial<TakeSnapshotArgs>) : {};
  return reporting("Take Lua Snapshot", deps.log, async () => {
    const label =
      typeof opts.label === "string"
        ? opts.label
        : ((await stopLabel(deps.tracker, target.live)) ?? `running · ${clockTime(new Date())}`);
    const args: TakeSnapshotArgs = { label };
    if (typeof opts.gc === "boolean") args.gc = opts.gc;
    const result = parseTakeSnapshotResult(await target.request("takeSnapshot", args));
    deps.store.addSnapshot(target.id, result);
    vscode.window.setStatusBarMessage(
      `Lua snapshot #${result.id} "${result.label}": ${plural(result.objectCount, "object")} reachable, ` +
        `${formatBytes(result.totalSize)} (heap walked in ${formatDuration(result.durationMs)})`,
      5000,
    );
    return result;
  });
}

interface SnapshotPick extends vscode.QuickPickItem {
  snapshot: SnapshotInfo;
}

function pickItem(s: SnapshotInfo, picked: boolean): SnapshotPick {
  return {
    label: `#${s.id} ${s.label}`,
    description: `${s.baseline ? "baseline · " : ""}${plural(s.objectCount, "object")} · ${formatBytes(s.totalSize)}`,
    picked,
    snapshot: s,
  };
}

async function diffSnapshots(deps: CommandDeps, fromArg?: unknown, toArg?: unknown): Promise<DiffBody | undefined> {
  const target = requireTarget(deps.tracker);
  if (!target) return undefined;
  return reporting("Diff Lua Snapshots", deps.log, async () => {
    let from: number;
    let to: number;
    if (typeof fromArg === "number" && typeof toArg === "number") {
      [from, to] = [fromArg, toArg];
    } else {
      await deps.tracker.refreshSnapshots(target);
      const snaps = deps.store.get(target.id)?.snapshots ?? [];
      if (snaps.length < 2) {
        void vscode.window.showInformationMessage(
          `Lua Snapshot: take at least two snapshots first (${plural(snaps.length, "snapshot")} so far).`,
        );
        return undefined;
      }
      // Newest first; the baseline (else the one before) and the newest preselected: Enter diffs them.
      const newest = snaps[snaps.length - 1];
      const older = snaps.find((s) => s.baseline && s !== newest) ?? snaps[snaps.length - 2];
      const items = snaps.map((s) => pickItem(s, s === newest || s === older)).reverse();
      const picked = await vscode.window.showQuickPick(items, {
        canPickMany: true,
        title: "Diff Lua Snapshots: pick two (older = before, newer = after)",
        placeHolder: older?.baseline ? "The baseline and the newest are selected" : "The last two snapshots are selected",
      });
      if (!picked) return undefined;
      const [a, b, ...more] = picked.map((p) => p.snapshot.id).sort((x, y) => x - y);
      if (a === undefined || b === undefined || more.length > 0) {
        void vscode.window.showWarningMessage("Lua Snapshot: pick exactly two snapshots to diff.");
        return undefined;
      }
      [from, to] = [a, b];
    }
    const args: DiffSnapshotsArgs = { from, to };
    const body = parseDiffBody(await target.request("diffSnapshots", args));
    deps.store.addDiff(target.id, body, "command");
    return body;
  });
}

function snapshotIdOf(arg: unknown): number | undefined {
  if (typeof arg === "number") return arg;
  // A node of the tree (the inline action on a snapshot).
  if (typeof arg === "object" && arg !== null) {
    const id = (arg as { snapshotId?: unknown }).snapshotId;
    if (typeof id === "number") return id;
  }
  return undefined;
}

async function exportSnapshot(
  deps: CommandDeps,
  idArg?: unknown,
  pathArg?: unknown,
): Promise<{ path: string } | undefined> {
  const target = requireTarget(deps.tracker);
  if (!target) return undefined;
  return reporting("Export Lua Snapshot", deps.log, async () => {
    let id = snapshotIdOf(idArg);
    if (id === undefined) {
      await deps.tracker.refreshSnapshots(target);
      const snaps = deps.store.get(target.id)?.snapshots ?? [];
      const last = snaps[snaps.length - 1];
      if (!last) {
        void vscode.window.showInformationMessage("Lua Snapshot: no snapshot to export. Take one first.");
        return undefined;
      }
      if (snaps.length === 1) {
        id = last.id;
      } else {
        const items = snaps.map((s) => pickItem(s, false)).reverse();
        const picked = await vscode.window.showQuickPick(items, { title: "Export Lua Snapshot" });
        if (!picked) return undefined;
        id = picked.snapshot.id;
      }
    }
    let path = typeof pathArg === "string" ? pathArg : undefined;
    if (path === undefined) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `lua-snapshot-${id}.json`;
      const uri = await vscode.window.showSaveDialog({
        title: `Export Lua snapshot #${id}`,
        saveLabel: "Export",
        filters: { JSON: ["json"], Text: ["txt"] },
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      });
      if (!uri) return undefined;
      path = uri.fsPath;
    }
    // The format follows the file name: `.txt` is the lsnapshot text listing.
    const format: ExportSnapshotArgs["format"] = path.toLowerCase().endsWith(".txt") ? "text" : "json";
    const args: ExportSnapshotArgs = { id, path, format };
    const result = parseExportResult(await target.request("exportSnapshot", args));
    void vscode.window.showInformationMessage(`Lua snapshot #${id} exported to ${result.path}`, "Open").then((a) => {
      if (a === "Open") void vscode.commands.executeCommand("vscode.open", vscode.Uri.file(result.path));
    });
    return result;
  });
}

/** Makes a snapshot the baseline the stop diffs of `snapshotOnStop` start from. */
async function markBaseline(deps: CommandDeps, idArg?: unknown): Promise<number | undefined> {
  const target = requireTarget(deps.tracker);
  if (!target) return undefined;
  const id = snapshotIdOf(idArg);
  if (id === undefined) return undefined;
  return reporting("Mark as Baseline", deps.log, async () => {
    await target.request("setBaseline", { id });
    await deps.tracker.refreshSnapshots(target);
    return id;
  });
}

/**
 * Clears what the view shows of the current session: an ended session is
 * forgotten and its adapter process ends; a running one's snapshots are
 * deleted in the adapter and its diffs dropped.
 */
async function clearSnapshots(deps: CommandDeps): Promise<boolean> {
  const current = deps.store.current();
  if (!current) return false;
  if (current.ended) {
    deps.releaseKept();
    deps.store.forget(current.key);
    return true;
  }
  const target = deps.tracker.target();
  if (target?.id !== current.key) return false;
  const done = await reporting("Clear Lua Snapshots", deps.log, async () => {
    for (const s of current.snapshots) await target.request("deleteSnapshot", { id: s.id });
    await deps.tracker.refreshSnapshots(target);
    deps.store.clearDiffs(target.id);
    return true;
  });
  return done ?? false;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const reg = vscode.commands.registerCommand;
  return [
    reg(COMMANDS.takeSnapshot, (arg?: unknown) => takeSnapshot(deps, arg)),
    reg(COMMANDS.diffSnapshots, (from?: unknown, to?: unknown) => diffSnapshots(deps, from, to)),
    reg(COMMANDS.exportSnapshot, (id?: unknown, path?: unknown) => exportSnapshot(deps, id, path)),
    reg(COMMANDS.clearDiagnostics, () => deps.diagnostics.clear()),
    reg(COMMANDS.markBaseline, (id?: unknown) => markBaseline(deps, id)),
    reg(COMMANDS.clearSnapshots, () => clearSnapshots(deps)),
  ];
}
