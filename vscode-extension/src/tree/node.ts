/**
 * A node of the "Lua Snapshots" view as plain data (see `model.ts`). Pure.
 */

import type { SourceLocation } from "../protocol";

export type NodeKind =
  | "snapshot"
  | "diff"
  | "report"
  | "object"
  | "path"
  | "more"
  | "grownGroup"
  | "grown"
  | "classes"
  | "class";

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
  /** Report nodes: the report's key in the store. */
  reportKey?: string;
  /** For menus (`viewItem`); default `luaSnapshot.<kind>`. */
  contextValue?: string;
  /** Present (even empty) when the node expands. */
  children?: TreeNode[];
  /**
   * Children made when first asked for: an object that retains a
   * 100,000-deep chain must not build it before anyone expands it.
   */
  expand?: () => TreeNode[];
  expanded?: boolean;
}

/** Whether the node can be expanded. */
export function hasChildren(node: TreeNode): boolean {
  return node.children !== undefined || node.expand !== undefined;
}

/** The node's children, made (once) on demand. */
export function childrenOf(node: TreeNode): TreeNode[] {
  if (!node.children && node.expand) {
    node.children = node.expand();
    delete node.expand;
  }
  return node.children ?? [];
}
