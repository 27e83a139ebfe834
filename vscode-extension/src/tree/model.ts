/**
 * The "Lua Snapshots" view as plain data. Pure (no `vscode` import):
 * `provider.ts` turns nodes into `TreeItem`s, the unit tests read them as
 * they are.
 *
 * Layout:
 *   the shown session's snapshot nodes (oldest first): label, id, baseline
 *     mark, object count, size
 *   its diff nodes (newest first, the newest expanded): the objects
 *     (`objects.ts`), then "Classes" when the adapter answered
 *     `snapshotSummary`
 *   leak reports opened from files (newest first): the same object list
 */

import * as nodePath from "node:path";
import { formatBytes, plural } from "../format";
import type { DiffBody, SnapshotInfo } from "../protocol";
import type { DiffEntry, ReportEntry, SessionState } from "../state";
import { classesNode } from "./classes";
import type { TreeNode } from "./node";
import { objectListNodes } from "./objects";

export type { TreeNode } from "./node";

/**
 * Why two sizes: the snapshot counts the objects the program can reach
 * (what a leak is made of); the Lua heap is everything the VM allocated,
 * which also holds garbage not yet collected and the debugger's own data.
 */
export function snapshotNode(sessionKey: string, s: SnapshotInfo, ended = false): TreeNode {
  const at = s.stoppedAt ? `\nStopped at ${s.stoppedAt.path}:${s.stoppedAt.line}` : "";
  const baseline = s.baseline ? " (baseline: the stop diffs start here)" : "";
  const node: TreeNode = {
    id: `${sessionKey}/snapshot/${s.id}`,
    kind: "snapshot",
    label: s.label,
    description: `#${s.id}${s.baseline ? " · baseline" : ""} · ${plural(s.objectCount, "object")} · ${formatBytes(s.totalSize)}`,
    tooltip:
      `Snapshot #${s.id} "${s.label}"${baseline}` +
      `\n${plural(s.objectCount, "object")} reachable from the program: ${formatBytes(s.totalSize)}` +
      `\nLua heap: ${formatBytes(s.heapBytes)}, everything the VM had allocated: these objects, ` +
      `garbage not yet collected and the debugger's own data${at}` +
      (ended ? "\nThe program has ended: the snapshot can still be diffed and exported." : ""),
    icon: s.baseline ? "pinned" : "device-camera",
    snapshotId: s.id,
    contextValue: s.baseline ? "luaSnapshot.snapshot.baseline" : "luaSnapshot.snapshot",
  };
  if (s.stoppedAt) node.location = s.stoppedAt;
  return node;
}

function snapshotName(snapshots: readonly SnapshotInfo[], id: number): string {
  const s = snapshots.find((x) => x.id === id);
  return s ? `#${id} ${s.label}` : `#${id}`;
}

export function diffLabel(body: DiffBody): string {
  return `#${body.from} → #${body.to}: +${plural(body.addedCount, "object")} (${formatBytes(body.addedSize)})`;
}

export function diffNode(
  sessionKey: string,
  entry: DiffEntry,
  snapshots: readonly SnapshotInfo[],
  cwd: string | undefined,
  expanded: boolean,
): TreeNode {
  const body = entry.body;
  const id = `${sessionKey}/diff/${entry.seq}`;
  const list = { objects: body.added, count: body.addedCount, size: body.addedSize, grown: body.grown };
  const children = objectListNodes(id, list, cwd, "the adapter lists the largest objects only (the diffSnapshots limit)");
  const classes = entry.classes && classesNode(id, entry.classes);
  if (classes) children.push(classes);
  return {
    id,
    kind: "diff",
    label: diffLabel(body),
    description: `${body.removedCount} freed (${formatBytes(body.removedSize)})${entry.origin === "stop" ? " · at stop" : ""}`,
    tooltip:
      `Objects created between ${snapshotName(snapshots, body.from)} and ${snapshotName(snapshots, body.to)} ` +
      `and still alive: ${body.addedCount} (${formatBytes(body.addedSize)}).\n` +
      `Freed: ${body.removedCount} (${formatBytes(body.removedSize)}).`,
    icon: "diff",
    children,
    expanded,
  };
}

/** A leak report opened from a file: what the program left behind, as a diff shows it. */
export function reportNode(entry: ReportEntry, expanded: boolean): TreeNode {
  const r = entry.report;
  const id = `report/${entry.key}`;
  const list = { objects: r.objects, count: r.count, size: r.totalSize, grown: r.grown };
  const children = objectListNodes(id, list, entry.baseDir, "the report lists the largest objects only (--top)");
  const classes = r.classes && classesNode(id, r.classes);
  if (classes) children.push(classes);
  return {
    id,
    kind: "report",
    label: nodePath.basename(entry.file),
    description: `leak report · ${plural(r.count, "object")} (${formatBytes(r.totalSize)})`,
    tooltip:
      `Leak report ${entry.file}\n${plural(r.count, "object")} the program left behind: ${formatBytes(r.totalSize)}` +
      (entry.baseDir ? `\nRelative sources are resolved against ${entry.baseDir}` : ""),
    icon: "file-text",
    reportKey: entry.key,
    children,
    expanded,
  };
}

/** The root nodes; empty (the view's welcome text) when there is nothing to show. */
export function buildTree(state: SessionState | undefined, reports: readonly ReportEntry[] = []): TreeNode[] {
  const reportNodes = reports.map((r, i) => reportNode(r, i === 0));
  if (!state) return reportNodes;
  const snaps = state.snapshots.map((s) => snapshotNode(state.key, s, state.ended));
  const diffs = state.diffs.map((d, i) => diffNode(state.key, d, state.snapshots, state.cwd, i === 0));
  return [...snaps, ...diffs, ...reportNodes];
}
