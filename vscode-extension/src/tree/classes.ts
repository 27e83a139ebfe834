/**
 * The "Classes" node (issue 19): objects per class, as DevTools' Summary
 * view (one snapshot) and Comparison view (against a baseline: counts and
 * sizes that changed, objects new and freed). Pure.
 */

import { formatBytes, plural } from "../format";
import type { ClassSummary } from "../protocol";
import type { TreeNode } from "./node";

/** Rows shown; the rest are summed up in one "more" row. */
export const MAX_CLASS_ROWS = 200;

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const signedBytes = (n: number) => (n > 0 ? `+${formatBytes(n)}` : formatBytes(n));

function compared(rows: readonly ClassSummary[]): boolean {
  return rows.some((r) => r.count_delta !== undefined || r.new_count !== undefined);
}

function classNode(parentId: string, r: ClassSummary, comparison: boolean): TreeNode {
  const parts = [`${r.count} × ${formatBytes(r.size)}`, `retains ${formatBytes(r.retained_size)}`];
  if (comparison) {
    if (r.count_delta !== undefined) parts.unshift(`${signed(r.count_delta)} (${signedBytes(r.size_delta ?? 0)})`);
    if (r.new_count !== undefined || r.freed_count !== undefined) parts.push(`${r.new_count ?? 0} new, ${r.freed_count ?? 0} freed`);
  }
  const grew = (r.count_delta ?? 0) > 0;
  return {
    id: `${parentId}/${r.class}`,
    kind: "class",
    label: r.class,
    description: parts.join(" · "),
    tooltip:
      `${r.class}: ${plural(r.count, "object")}, ${formatBytes(r.size)} own, ${formatBytes(r.retained_size)} retained` +
      (comparison ? `\nSince the baseline: ${signed(r.count_delta ?? 0)} objects, ${signedBytes(r.size_delta ?? 0)}` : ""),
    icon: comparison ? (grew ? "arrow-up" : "symbol-class") : "symbol-class",
  };
}

/**
 * A "Classes" node, or undefined when there is no row. In a comparison the
 * classes that grew most come first, else the largest retained size.
 */
export function classesNode(parentId: string, rows: readonly ClassSummary[]): TreeNode | undefined {
  if (rows.length === 0) return undefined;
  const comparison = compared(rows);
  const key = (r: ClassSummary) => (comparison ? (r.size_delta ?? 0) : r.retained_size);
  const sorted = [...rows].sort((a, b) => key(b) - key(a));
  const id = `${parentId}/classes`;
  const children = sorted.slice(0, MAX_CLASS_ROWS).map((r) => classNode(id, r, comparison));
  const rest = sorted.length - children.length;
  if (rest > 0) {
    children.push({ id: `${id}/more`, kind: "more", label: `… ${plural(rest, "more class", "more classes")}`, icon: "ellipsis" });
  }
  return {
    id,
    kind: "classes",
    label: "Classes",
    description: comparison ? `${plural(rows.length, "class", "classes")} · compared with the baseline` : plural(rows.length, "class", "classes"),
    tooltip: comparison
      ? "Objects per class, compared with the older snapshot: count and size changes, objects new and freed."
      : "Objects per class: count, own size, retained size.",
    icon: "symbol-class",
    children,
  };
}
