/**
 * The "Lua Snapshots" view as plain data. Pure (no `vscode` import):
 * `provider.ts` turns nodes into `TreeItem`s, the unit tests read them as
 * they are.
 *
 * Layout, for the session shown:
 *   snapshot nodes (oldest first): label, id, baseline mark, object count, size
 *   diff nodes (newest first, the newest expanded)
 *     added objects, largest first; each expands to its retention paths
 *     "… N more" when the adapter cut the list
 *     "Grown tables" with the tables whose entry count changed
 *
 * A node's `location` is where a click goes: a Lua function's definition;
 * for a table (or any other object), the nearest Lua function on its first
 * retention path, i.e. the code that holds it; for a path, the nearest
 * function on that path.
 */

import { formatBytes, plural } from "../format";
import type { DiffBody, GrownTable, HeapObject, SnapshotInfo, SourceLocation } from "../protocol";
import type { DiffEntry, SessionState } from "../state";
import { functionIndex, resolveFunction } from "./resolve";
import { holderFunction, lastEdge, nearestFunction } from "./retentionPath";

export type NodeKind = "snapshot" | "diff" | "object" | "path" | "more" | "grownGroup" | "grown";

export interface TreeNode {
  /** Unique in the tree and stable across refreshes (keeps expansion state). */
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon name. */
  icon?: string;
  /** Where a click goes. */
  location?: SourceLocation;
  /** Snapshot nodes: for commands run on the node. */
  snapshotId?: number;
  /** For menus (`viewItem`); default `luaSnapshot.<kind>`. */
  contextValue?: string;
  /** Present (even empty) when the node expands. */
  children?: TreeNode[];
  expanded?: boolean;
}

const ICONS: Record<string, string> = {
  table: "symbol-array",
  function: "symbol-method",
  cfunction: "symbol-method",
  thread: "debug-stackframe",
  userdata: "symbol-object",
  string: "symbol-string",
  upvalue: "symbol-variable",
};

/** Largest first; equal sizes keep the adapter's order (stable sort). */
export function sortLargestFirst<T extends { size: number }>(objects: readonly T[]): T[] {
  return [...objects].sort((a, b) => b.size - a.size);
}

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

function objectLabel(o: HeapObject): string {
  if ((o.type === "function" || o.type === "cfunction") && o.source) return `${o.type} ${o.source}`;
  if (o.type === "string" && o.text !== undefined) return `string ${JSON.stringify(o.text)}`;
  return `${o.type} ${o.address}`;
}

/** Where a click on an object goes: its definition, or the function holding it. */
export function objectLocation(
  o: HeapObject,
  index: ReadonlyMap<string, SourceLocation>,
  cwd: string | undefined,
): SourceLocation | undefined {
  if (o.type === "function" && o.location) return o.location;
  const first = o.paths[0];
  if (first === undefined) return undefined;
  const ref = holderFunction(first);
  return ref && resolveFunction(ref, index, cwd);
}

export function objectNode(
  parentId: string,
  o: HeapObject,
  index: ReadonlyMap<string, SourceLocation>,
  cwd: string | undefined,
): TreeNode {
  const id = `${parentId}/object/${o.address}`;
  const edge = o.paths[0] === undefined ? "" : lastEdge(o.paths[0]);
  // `[key]`: the object is a table key (its text, when the adapter could
  // read it, is in the label).
  const held = edge === "[key]" ? "a table key" : edge;
  const node: TreeNode = {
    id,
    kind: "object",
    label: objectLabel(o),
    description: held ? `${formatBytes(o.size)} · ${held}` : formatBytes(o.size),
    tooltip: [
      `${o.type} ${o.address}, ${formatBytes(o.size)}`,
      o.source ? `defined at ${o.source}` : "",
      ...o.paths.map((p, i) => (i === 0 ? `held by ${p}` : `also ${p}`)),
    ]
      .filter((x) => x !== "")
      .join("\n"),
    icon: ICONS[o.type] ?? "symbol-misc",
    children: o.paths.map((p, i) => pathNode(id, i, p, index, cwd)),
  };
  const loc = objectLocation(o, index, cwd);
  if (loc) node.location = loc;
  return node;
}

function pathNode(
  parentId: string,
  i: number,
  path: string,
  index: ReadonlyMap<string, SourceLocation>,
  cwd: string | undefined,
): TreeNode {
  const node: TreeNode = {
    id: `${parentId}/path/${i}`,
    kind: "path",
    label: path,
    tooltip: i === 0 ? `Shortest retention path\n${path}` : `Retention path through another parent\n${path}`,
    icon: i === 0 ? "arrow-right" : "arrow-small-right",
  };
  const ref = nearestFunction(path);
  const loc = ref && resolveFunction(ref, index, cwd);
  if (loc) node.location = loc;
  return node;
}

function grownNode(
  parentId: string,
  g: GrownTable,
  index: ReadonlyMap<string, SourceLocation>,
  cwd: string | undefined,
): TreeNode {
  const delta = g.after - g.before;
  const node: TreeNode = {
    id: `${parentId}/${g.address}`,
    kind: "grown",
    label: lastEdge(g.path) || g.address,
    description: `${g.before} → ${g.after} entries (${delta >= 0 ? "+" : ""}${delta})`,
    tooltip: `${g.address}\n${g.path}`,
    icon: delta >= 0 ? "arrow-up" : "arrow-down",
  };
  const ref = nearestFunction(g.path);
  const loc = ref && resolveFunction(ref, index, cwd);
  if (loc) node.location = loc;
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
  const index = functionIndex(body.added);
  const children: TreeNode[] = sortLargestFirst(body.added).map((o) => objectNode(id, o, index, cwd));
  const notListed = body.addedCount - body.added.length;
  if (notListed > 0) {
    const listedSize = body.added.reduce((n, o) => n + o.size, 0);
    children.push({
      id: `${id}/more`,
      kind: "more",
      label: `… ${plural(notListed, "more object")} not listed`,
      description: formatBytes(Math.max(0, body.addedSize - listedSize)),
      tooltip: "The adapter lists the largest objects only (the diffSnapshots limit).",
      icon: "ellipsis",
    });
  }
  if (body.grown.length > 0) {
    const gid = `${id}/grown`;
    children.push({
      id: gid,
      kind: "grownGroup",
      label: "Tables that changed size",
      description: String(body.grown.length),
      icon: "list-tree",
      children: body.grown.map((g) => grownNode(gid, g, index, cwd)),
    });
  }
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

/** The root nodes for a session; empty (the view's welcome text) when there is nothing to show. */
export function buildTree(state: SessionState | undefined): TreeNode[] {
  if (!state) return [];
  const snaps = state.snapshots.map((s) => snapshotNode(state.key, s, state.ended));
  const diffs = state.diffs.map((d, i) => diffNode(state.key, d, state.snapshots, state.cwd, i === 0));
  return [...snaps, ...diffs];
}
