/**
 * The objects of a diff or a leak report as tree nodes. Pure.
 *
 *   top entries (`fold.ts`), largest retained size first; each expands to
 *     its retention paths, then the objects it retains (folded the same way)
 *   "… N more" when the list was cut
 *   "Tables that changed size"
 *
 * A node's `location` is where a click goes: a Lua function's definition;
 * for a table (or any other object), the nearest Lua function on its first
 * retention path, i.e. the code that holds it; for a path, the nearest
 * function on that path.
 */

import { formatBytes, plural } from "../format";
import type { GrownTable, HeapObject, SourceLocation } from "../protocol";
import { foldObjects, retainedSize, type Fold } from "./fold";
import type { TreeNode } from "./node";
import { functionIndex, resolveFunction } from "./resolve";
import { holderFunction, lastEdge, nearestFunction } from "./retentionPath";

/** Rows under one node; the rest are summed up in one "more" row (a tree of 100,000 rows is unusable). */
export const MAX_ROWS = 500;

const ICONS: Record<string, string> = {
  table: "symbol-array",
  function: "symbol-method",
  cfunction: "symbol-method",
  thread: "debug-stackframe",
  userdata: "symbol-object",
  string: "symbol-string",
  upvalue: "symbol-variable",
};

/** What the nodes of one list share. */
interface Context {
  /** Id of the diff or report: object ids are `<root>/object/<address>`, unique in it. */
  rootId: string;
  fold: Fold;
  index: ReadonlyMap<string, SourceLocation>;
  cwd: string | undefined;
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

/** `retains 3 objects, 1.2 KB`, or "" when the object holds no other listed object. */
export function retainsText(count: number, bytes: number): string {
  return count > 0 ? `retains ${count.toLocaleString("en-US")} ${count === 1 ? "object" : "objects"}, ${formatBytes(bytes)}` : "";
}

function objectNode(ctx: Context, o: HeapObject): TreeNode {
  const id = `${ctx.rootId}/object/${o.address}`;
  const edge = o.paths[0] === undefined ? "" : lastEdge(o.paths[0]);
  // `[key]`: the object is a table key (its text, when the adapter could
  // read it, is in the label).
  const held = edge === "[key]" ? "a table key" : edge;
  const retained = ctx.fold.children(o);
  const retains = retainsText(ctx.fold.retainedCount(o), retainedSize(o));
  const cls = o.class !== undefined && o.class !== o.type && o.type !== "function" ? o.class : "";
  const node: TreeNode = {
    id,
    kind: "object",
    label: objectLabel(o),
    description: [cls, formatBytes(o.size), retains, held].filter((x) => x !== "").join(" · "),
    tooltip: [
      `${o.type} ${o.address}, ${formatBytes(o.size)}${cls ? `, class ${cls}` : ""}`,
      retains ? `${retains} (freed with it)` : "",
      o.source ? `defined at ${o.source}` : "",
      ...o.paths.map((p, i) => (i === 0 ? `held by ${p}` : `also ${p}`)),
    ]
      .filter((x) => x !== "")
      .join("\n"),
    icon: ICONS[o.type] ?? "symbol-misc",
  };
  const paths = () => o.paths.map((p, i) => pathNode(id, i, p, ctx));
  if (retained.length === 0) node.children = paths();
  else node.expand = () => [...paths(), ...objectRows(ctx, id, retained, retained.length, () => retainedRest(retained), FOLD_CUT)];
  const loc = objectLocation(o, ctx.index, ctx.cwd);
  if (loc) node.location = loc;
  return node;
}

function pathNode(parentId: string, i: number, path: string, ctx: Context): TreeNode {
  const node: TreeNode = {
    id: `${parentId}/path/${i}`,
    kind: "path",
    label: path,
    tooltip: i === 0 ? `Shortest retention path\n${path}` : `Retention path through another parent\n${path}`,
    icon: i === 0 ? "arrow-right" : "arrow-small-right",
  };
  const ref = nearestFunction(path);
  const loc = ref && resolveFunction(ref, ctx.index, ctx.cwd);
  if (loc) node.location = loc;
  return node;
}

function grownNode(parentId: string, g: GrownTable, ctx: Context): TreeNode {
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
  const loc = ref && resolveFunction(ref, ctx.index, ctx.cwd);
  if (loc) node.location = loc;
  return node;
}

/**
 * Rows for `objects` (already in order) under `parentId`: at most
 * MAX_ROWS, then one row for the `count - MAX_ROWS` others and their
 * `restSize` bytes.
 */
function objectRows(
  ctx: Context,
  parentId: string,
  objects: readonly HeapObject[],
  count: number,
  restSize: (shown: readonly HeapObject[]) => number,
  cutBy: string,
): TreeNode[] {
  const shown = objects.slice(0, MAX_ROWS);
  const rows = shown.map((o) => objectNode(ctx, o));
  const rest = count - shown.length;
  if (rest > 0) {
    rows.push({
      id: `${parentId}/more`,
      kind: "more",
      label: `… ${plural(rest, "more object")} not listed`,
      description: formatBytes(Math.max(0, restSize(shown))),
      tooltip: `Not listed: ${cutBy}.`,
      icon: "ellipsis",
    });
  }
  return rows;
}

/** Bytes of what a node retains beyond its first MAX_ROWS children: theirs are disjoint (a dominator tree). */
function retainedRest(objects: readonly HeapObject[]): number {
  return objects.slice(MAX_ROWS).reduce((n, o) => n + retainedSize(o), 0);
}

const FOLD_CUT = "the view lists the largest ones only";

export interface ObjectList {
  objects: readonly HeapObject[];
  /** Objects the list stands for (more than `objects` when the producer cut it). */
  count: number;
  /** Their bytes. */
  size: number;
  grown: readonly GrownTable[];
}

/** The children of a diff or report node. `cwd` resolves relative sources in paths. */
export function objectListNodes(rootId: string, list: ObjectList, cwd: string | undefined, cutBy: string): TreeNode[] {
  const ctx: Context = { rootId, fold: foldObjects(list.objects), index: functionIndex(list.objects), cwd };
  const tops = ctx.fold.tops;
  // Objects folded under a top are listed, not cut: only the tops and what was never sent count as "more".
  const folded = list.objects.length - tops.length;
  // The bytes not shown: all, less the own sizes of every object shown or folded under one shown.
  const restSize = (shown: readonly HeapObject[]) => {
    let listed = 0;
    const stack = [...shown];
    for (let o = stack.pop(); o; o = stack.pop()) {
      listed += o.size;
      for (const c of ctx.fold.children(o)) stack.push(c);
    }
    return list.size - listed;
  };
  const children = objectRows(ctx, rootId, tops, list.count - folded, restSize, tops.length > MAX_ROWS ? FOLD_CUT : cutBy);
  if (list.grown.length > 0) {
    const gid = `${rootId}/grown`;
    children.push({
      id: gid,
      kind: "grownGroup",
      label: "Tables that changed size",
      description: String(list.grown.length),
      icon: "list-tree",
      children: list.grown.map((g) => grownNode(gid, g, ctx)),
    });
  }
  return children;
}
