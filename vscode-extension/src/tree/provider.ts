/**
 * The "Lua Snapshots" view: `model.ts` nodes as `TreeItem`s. The tree is
 * rebuilt from the store on each change (at most a few thousand nodes),
 * and node ids keep the expansion state across rebuilds.
 */

import * as vscode from "vscode";
import type { Disposable } from "../events";
import type { SnapshotStore } from "../state";
import { buildTree } from "./model";
import { childrenOf, hasChildren, type TreeNode } from "./node";

export class SnapshotTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] = [];
  private readonly sub: Disposable;

  constructor(store: SnapshotStore) {
    this.roots = buildTree(store.current(), store.reports());
    this.sub = store.onDidChange(() => {
      this.roots = buildTree(store.current(), store.reports());
      this.changed.fire(undefined);
    });
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? childrenOf(node) : this.roots;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const state = hasChildren(node)
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
