/**
 * "Open Lua Leak Report…" and "Close Leak Report": a leak report file
 * (`lua-snapshot run --leaks --json`, or written by a host with
 * `lsnapshot`) in the Lua Snapshots tree and its leaked closures in the
 * Problems panel, without a debug session.
 *
 * For tests and keybindings:
 *   luaSnapshot.openReport(path?)       -> the ReportEntry shown (undefined: cancelled or refused)
 *   luaSnapshot.closeReport(key | node) -> true when a report was closed
 */

import * as fs from "node:fs";
import * as nodePath from "node:path";
import * as vscode from "vscode";
import { plural } from "./format";
import type { LeakDiagnostics } from "./leakDiagnostics";
import { checkReportSize, parseReport, reportBaseDir } from "./report";
import { reportDiagnostics, type LineWidth } from "./reportDiagnostics";
import type { ReportEntry, SnapshotStore } from "./state";

export const REPORT_COMMANDS = {
  openReport: "luaSnapshot.openReport",
  closeReport: "luaSnapshot.closeReport",
} as const;

export interface ReportDeps {
  store: SnapshotStore;
  diagnostics: LeakDiagnostics;
  log: vscode.LogOutputChannel;
}

/** Line widths of source files, each read once; a file that cannot be read has none. */
function lineWidths(): LineWidth {
  const files = new Map<string, number[]>();
  return (path, line0) => {
    let widths = files.get(path);
    if (!widths) {
      try {
        // As Rust's `str::lines`: split at \n, a trailing \r is not part of the line.
        widths = fs.readFileSync(path, "utf8").split("\n").map((l) => (l.endsWith("\r") ? l.length - 1 : l.length));
      } catch {
        widths = [];
      }
      files.set(path, widths);
    }
    return widths[line0];
  };
}

/** Reads, checks and shows a report; throws with the reason when it cannot. */
async function load(deps: ReportDeps, file: string): Promise<ReportEntry> {
  const stat = await fs.promises.stat(file);
  if (!stat.isFile()) throw new Error("it is not a file");
  checkReportSize(stat.size);
  const report = parseReport(await fs.promises.readFile(file, "utf8"));
  const baseDir = reportBaseDir(report.objects);
  const entry: ReportEntry = {
    key: file,
    file,
    report,
    diagnostics: reportDiagnostics(report.objects, baseDir, lineWidths()),
  };
  if (baseDir !== undefined) entry.baseDir = baseDir;
  deps.store.addReport(entry);
  return entry;
}

async function askForFile(): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    title: "Open Lua Leak Report",
    openLabel: "Open Report",
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    filters: { "Leak report (JSON)": ["json"], "All files": ["*"] },
    ...(folder ? { defaultUri: folder } : {}),
  });
  const uri = picked?.[0];
  if (!uri) return undefined;
  if (uri.scheme !== "file") {
    void vscode.window.showErrorMessage(`Lua Snapshot: only files on disk can be opened as leak reports (${uri.toString()}).`);
    return undefined;
  }
  return uri.fsPath;
}

async function openReport(deps: ReportDeps, pathArg?: unknown): Promise<ReportEntry | undefined> {
  const file = typeof pathArg === "string" ? nodePath.resolve(pathArg) : await askForFile();
  if (file === undefined) return undefined;
  try {
    const entry = await load(deps, file);
    const warnings = entry.diagnostics.reduce((n, p) => n + p.diagnostics.length, 0);
    deps.log.info(`leak report ${file}: ${entry.report.count} objects, ${warnings} warnings`);
    vscode.window.setStatusBarMessage(
      `Lua leak report ${nodePath.basename(file)}: ${plural(entry.report.count, "object")} left behind, ` +
        plural(warnings, "leaked closure site"),
      5000,
    );
    return entry;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    deps.log.warn(`cannot open the leak report ${file}: ${reason}`);
    void vscode.window.showErrorMessage(`Lua Snapshot: cannot open the leak report ${file}: ${reason}`);
    return undefined;
  }
}

function closeReport(deps: ReportDeps, arg?: unknown): boolean {
  const key =
    typeof arg === "string" ? arg : typeof arg === "object" && arg !== null ? (arg as { reportKey?: unknown }).reportKey : undefined;
  if (typeof key !== "string" || !deps.store.reports().some((r) => r.key === key)) return false;
  deps.store.removeReport(key);
  // Its warnings go with it; a diff's stay.
  deps.diagnostics.clearIfFrom(key);
  return true;
}

export function registerReportCommands(deps: ReportDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(REPORT_COMMANDS.openReport, (path?: unknown) => openReport(deps, path)),
    vscode.commands.registerCommand(REPORT_COMMANDS.closeReport, (arg?: unknown) => closeReport(deps, arg)),
  ];
}
