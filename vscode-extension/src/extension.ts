/**
 * Entry point: creates the parts and wires them together, nothing else.
 *
 *   adapter events ─┐                       ┌─> tree view
 *                   ├─> SnapshotStore ──────┼─> status bar
 *   commands ───────┘                       └─> leak diagnostics (on each diff)
 *
 * `activate` returns the parts so an end-to-end test can drive and inspect
 * the extension (`vscode.extensions.getExtension(...).exports`).
 */

import * as vscode from "vscode";
import { AdapterFactory } from "./adapterFactory";
import { ClassSummaries } from "./classSummaries";
import { registerCommands } from "./commands";
import { registerReportCommands } from "./reportCommands";
import { DynamicConfigurationProvider, InitialConfigurationProvider } from "./configProvider";
import { LeakDiagnostics } from "./leakDiagnostics";
import { GrowthPanel, SHOW_GROWTH } from "./growth/panel";
import { DEBUG_TYPE } from "./protocol";
import { SessionTracker } from "./session";
import { SnapshotStore } from "./state";
import { HeapStatusBar } from "./statusBar";
import { SnapshotTreeProvider } from "./tree/provider";

export interface LuaSnapshotApi {
  store: SnapshotStore;
  tracker: SessionTracker;
  diagnostics: LeakDiagnostics;
  statusBar: HeapStatusBar;
  tree: SnapshotTreeProvider;
  adapter: AdapterFactory;
  growth: GrowthPanel;
}

export function activate(context: vscode.ExtensionContext): LuaSnapshotApi {
  const log = vscode.window.createOutputChannel("Lua Snapshot", { log: true });
  const store = new SnapshotStore();
  // An ended session's adapter process is kept while it has snapshots to show.
  const adapter = new AdapterFactory(context.extensionPath, log, (id) => (store.get(id)?.snapshots.length ?? 0) > 0);
  const tracker = new SessionTracker(store, log, () => adapter.kept());
  const diagnostics = new LeakDiagnostics();
  const statusBar = new HeapStatusBar(store);
  const classes = new ClassSummaries(store, (key) => tracker.targetFor(key), log);
  const tree = new SnapshotTreeProvider(store, classes);
  const growth = new GrowthPanel(store);
  // For menus: the view's buttons stay while an ended session's snapshots can be used.
  const updateContext = () => {
    const s = store.current();
    const ended = s !== undefined && s.ended && s.snapshots.length > 0;
    void vscode.commands.executeCommand("setContext", "luaSnapshot.endedWithSnapshots", ended);
  };

  context.subscriptions.push(
    log,
    adapter,
    store,
    tracker,
    diagnostics,
    statusBar,
    tree,
    classes,
    growth,
    vscode.commands.registerCommand(SHOW_GROWTH, () => growth.show()),
    vscode.window.createTreeView("luaSnapshot.snapshots", { treeDataProvider: tree, showCollapseAll: true }),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, adapter),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new InitialConfigurationProvider((runtime) => adapter.problem(runtime), log)),
    adapter.onDidReleaseKept((id) => store.dropSnapshots(id)),
    store.onDidChange(updateContext),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      new DynamicConfigurationProvider(),
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    // Each diff replaces the warnings of the previous one.
    store.onDidAddDiff(({ entry }) => {
      const n = diagnostics.publish(entry.body.diagnostics);
      log.info(`diff #${entry.body.from} -> #${entry.body.to}: ${entry.body.addedCount} added, ${n} warnings`);
    }),
    // A report's warnings replace the diff's, as a newer diff's would.
    store.onDidAddReport((entry) => {
      diagnostics.publish(entry.diagnostics, entry.key);
    }),
    tracker.onDidEndSession(() => {
      if (vscode.workspace.getConfiguration("luaSnapshot").get<boolean>("clearDiagnosticsOnSessionEnd")) {
        diagnostics.clear();
      }
    }),
    ...registerCommands({ store, tracker, diagnostics, log, releaseKept: () => adapter.releaseKept() }),
    ...registerReportCommands({ store, diagnostics, log }),
  );

  return { store, tracker, diagnostics, statusBar, tree, adapter, growth };
}

export function deactivate(): void {
  // Everything is in context.subscriptions, disposed by VS Code.
}
