/**
 * The "Lua Snapshots" view: `model.ts` nodes as `TreeItem`s. The tree is
 * rebuilt from the store on each change (at most a few thousand nodes),
 * and node ids keep the expansion state across rebuilds. A snapshot node
 * expands to its classes, asked of the adapter when first expanded.
 */

import * as vscode from "vscode";
import type { Disposable } from "../events";
import type { ClassSummary } from "../protocol";
import type { SnapshotStore } from "../state";
import { classesNode } from "./classes";
import { buildTree } from "./model";
import { childrenOf, hasChildren, type TreeNode } from "./node";

/** Where a snapshot's classes come from (`classSummaries.ts`). */
export interface SnapshotClasses {
  snapshotClasses(sessionKey: string, id: number): ClassSummary[] | null | undefined;
  loadSnapshotClasses(sessionKey: string, id: number): Promise<void>;
  mayHaveSummaries(sessionKey: string): boolean;
}

export class SnapshotTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] = [];
  private readonly sub: Disposable;

  constructor(
    private readonly store: SnapshotStore,
    private readonly classes?: SnapshotClasses,
  ) {
    this.roots = buildTree(store.current(), store.reports());
    this.sub = store.onDidChange(() => {
      this.roots = buildTree(store.current(), store.reports());
      this.changed.fire(undefined);
    });
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.roots;
    const key = this.classesOf(node);
    if (key !== undefined && node.snapshotId !== undefined) return this.snapshotClasses(node, key, node.snapshotId);
    return childrenOf(node);
  }

  /** The session key when `node` is a snapshot whose classes may be asked for. */
  private classesOf(node: TreeNode): string | undefined {
    const key = this.store.current()?.key;
    if (node.kind !== "snapshot" || !this.classes || key === undefined || !this.classes.mayHaveSummaries(key)) return undefined;
    return key;
  }

  /** The snapshot's "Classes" node; a "loading" row until the adapter answered, then the view is refreshed. */
  private snapshotClasses(node: TreeNode, key: string, id: number): TreeNode[] {
    const rows = this.classes?.snapshotClasses(key, id);
    if (rows === undefined) {
      void this.classes?.loadSnapshotClasses(key, id).then(() => this.changed.fire(undefined));
      return [{ id: `${node.id}/loading`, kind: "more", label: "Loading classes…", icon: "loading~spin" }];
    }
    const classes = rows && classesNode(node.id, rows);
    if (classes) return [{ ...classes, expanded: true }];
    return [{ id: `${node.id}/noclasses`, kind: "more", label: "No classes: snapshotSummary failed (see the Lua Snapshot output)", icon: "info" }];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const state = hasChildren(node) || this.classesOf(node) !== undefined
      ? node.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.contextValue = node.contextValue ?? `luaSnapshot.${node.kind}`;
    if (node.description !== undefined) item.description = node.description;
    if (node.tooltip !== undefined) item.tooltip = node.tooltip;
    if (node.icon !== undefined) item.iconPath = new vscode.ThemeIcon(node.icon);
    if (node.location) {
      // Lines are 1-based in reports; a main chunk is "line 0".
      const line = Math.max(0, node.location.line - 1);
      const uri = vscode.Uri.file(node.location.path);
      item.command = {
        command: "vscode.open",
        title: "Go to Source",
        arguments: [uri, { selection: new vscode.Range(line, 0, line, 0), preview: true }],
      };
    }
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
