/**
 * Leak warnings in the editor: the thin layer from the pure conversion in
 * `diagnostics.ts` to a `vscode.DiagnosticCollection`.
 *
 * Each diff replaces the previous warnings (they describe what is alive
 * between two snapshots, so an older diff's warnings are stale).
 */

import * as vscode from "vscode";
import {
  convertDiagnostics,
  type DiagnosticLike,
  type RangeLike,
  type SeverityName,
} from "./diagnostics";
import type { PublishDiagnosticsParams } from "./protocol";

const SEVERITY: Record<SeverityName, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

const toRange = (r: RangeLike): vscode.Range =>
  new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

function toVscode(d: DiagnosticLike): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  if (d.source !== undefined) diag.source = d.source;
  if (d.code !== undefined) diag.code = d.code;
  if (d.relatedInformation.length > 0) {
    diag.relatedInformation = d.relatedInformation.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(r.uri), toRange(r.range)), r.message),
    );
  }
  return diag;
}

export class LeakDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection("lua-snapshot");
  /** What the warnings shown come from: a report's key, or undefined for a diff. */
  private origin: string | undefined;

  /**
   * Replaces all leak warnings with those of a diff (or of the report
   * `origin`). Returns the number of warnings shown.
   */
  publish(params: readonly PublishDiagnosticsParams[], origin?: string): number {
    this.collection.clear();
    this.origin = origin;
    let n = 0;
    for (const file of convertDiagnostics(params)) {
      const diags = file.diagnostics.map(toVscode);
      this.collection.set(vscode.Uri.parse(file.uri), diags);
      n += diags.length;
    }
    return n;
  }

  clear(): void {
    this.collection.clear();
    this.origin = undefined;
  }

  /** Clears the warnings when they are those of the report `origin`. */
  clearIfFrom(origin: string): void {
    if (this.origin === origin) this.clear();
  }

  dispose(): void {
    this.collection.dispose();
  }
}
