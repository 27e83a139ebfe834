/**
 * "Show Lua Heap Growth": a webview beside the editor with the chart of
 * `chart.ts` for the session the views show, redrawn on every change of
 * the store (each snapshot, each stop with `snapshotOnStop`). Two clicks on
 * points diff those two snapshots ("Diff Lua Snapshots…" with both ids).
 *
 * The webview runs one small script (a nonce in its content security
 * policy) that shows the SVG it is sent and reports clicks; all drawing
 * and decisions are here.
 */

import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { COMMANDS } from "../commands";
import type { Disposable } from "../events";
import type { SnapshotStore } from "../state";
import { pick, renderChart } from "./chart";

export const SHOW_GROWTH = "luaSnapshot.showGrowth";

function shell(webview: vscode.Webview, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); }
  svg { width: 100%; max-width: 960px; }
  .axis { stroke: var(--vscode-foreground); stroke-opacity: 0.4; }
  .tick { fill: var(--vscode-descriptionForeground); font-size: 11px; }
  .heap { fill: none; stroke: var(--vscode-charts-blue); stroke-width: 2; }
  .reachable { fill: none; stroke: var(--vscode-charts-orange); stroke-width: 2; stroke-dasharray: 4 3; }
  .point circle { fill: var(--vscode-charts-blue); cursor: pointer; }
  .point .reachable-dot { fill: var(--vscode-charts-orange); }
  .point.baseline circle:first-child { fill: var(--vscode-charts-green); }
  .point.picked circle:first-child { fill: var(--vscode-editor-background); stroke: var(--vscode-charts-red); stroke-width: 3; }
</style></head>
<body>
<p id="caption"></p>
<div id="chart"></div>
<p>Blue: the Lua heap (everything allocated). Orange, dashed: what the program can reach. Green: the baseline. Click two points to diff those snapshots.</p>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  window.addEventListener("message", (e) => {
    if (e.data.type !== "render") return;
    document.getElementById("caption").textContent = e.data.caption;
    document.getElementById("chart").innerHTML = e.data.svg;
  });
  document.getElementById("chart").addEventListener("click", (e) => {
    const g = e.target.closest("[data-id]");
    if (g) vscode.postMessage({ type: "pick", id: Number(g.getAttribute("data-id")) });
  });
  vscode.postMessage({ type: "ready" });
</script>
</body></html>`;
}

export class GrowthPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private selected: number[] = [];
  private readonly sub: Disposable;

  constructor(private readonly store: SnapshotStore) {
    this.sub = store.onDidChange(() => this.update());
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      "luaSnapshot.growth",
      "Lua Heap Growth",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [] },
    );
    this.panel = panel;
    panel.webview.html = shell(panel.webview, randomBytes(16).toString("base64"));
    panel.webview.onDidReceiveMessage((m: unknown) => this.received(m));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.selected = [];
    });
  }

  /** What the chart shows now (for tests). */
  chart(): string {
    return renderChart(this.store.current()?.snapshots ?? [], this.selected);
  }

  private received(m: unknown): void {
    const msg = (typeof m === "object" && m !== null ? m : {}) as { type?: unknown; id?: unknown };
    if (msg.type === "ready") this.update();
    if (msg.type !== "pick" || typeof msg.id !== "number") return;
    const next = pick(this.selected, msg.id);
    this.selected = next.selected;
    this.update();
    if (next.diff) void vscode.commands.executeCommand(COMMANDS.diffSnapshots, ...next.diff);
  }

  private update(): void {
    if (!this.panel) return;
    const s = this.store.current();
    const snaps = s?.snapshots ?? [];
    this.selected = this.selected.filter((id) => snaps.some((x) => x.id === id));
    const caption = !s
      ? "No Lua (snapshot) session."
      : snaps.length === 0
        ? `${s.name}: no snapshot yet. Take one, or set "snapshotOnStop": true to have one at every stop.`
        : `${s.name}${s.ended ? " (ended)" : ""}: ${snaps.length} snapshot${snaps.length === 1 ? "" : "s"}` +
          (this.selected.length === 1 ? ` · #${this.selected[0] ?? ""} picked: click another to diff them` : "");
    void this.panel.webview.postMessage({ type: "render", caption, svg: this.chart() });
  }

  dispose(): void {
    this.sub.dispose();
    this.panel?.dispose();
  }
}
