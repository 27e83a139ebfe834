/**
 * "Lua heap: 1.2 MB" in the status bar: the heap size at the latest
 * snapshot (taken at the last stop with `snapshotOnStop`, or by the
 * command). A view of the store; shown only while a lua-snapshot session
 * runs and has a number to show. Clicking it takes a snapshot.
 */

import * as vscode from "vscode";
import { COMMANDS } from "./commands";
import { formatBytes } from "./format";
import type { Disposable } from "./events";
import type { SnapshotStore } from "./state";

export class HeapStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("luaSnapshot.heap", vscode.StatusBarAlignment.Left, 10);
  private readonly sub: Disposable;

  constructor(private readonly store: SnapshotStore) {
    this.item.name = "Lua Snapshot: heap size";
    this.item.command = COMMANDS.takeSnapshot;
    this.sub = store.onDidChange(() => this.update());
    this.update();
  }

  /** The text shown, or undefined when hidden (for tests). */
  get text(): string | undefined {
    const s = this.store.current();
    if (!s || s.ended || s.heapBytes === undefined) return undefined;
    return `$(database) Lua heap: ${formatBytes(s.heapBytes)}`;
  }

  private update(): void {
    const text = this.text;
    if (text === undefined) {
      this.item.hide();
      return;
    }
    const last = this.store.current()?.snapshots.at(-1);
    this.item.text = text;
    this.item.tooltip =
      (last ? `Lua heap at snapshot #${last.id} "${last.label}": ` : "Lua heap at the latest snapshot: ") +
      "everything the VM had allocated, including garbage not yet collected and the debugger's own data " +
      "(the snapshot's own size counts only the objects the program can reach). Click to take a snapshot.";
    this.item.show();
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
