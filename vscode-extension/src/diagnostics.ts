/**
 * Leak diagnostics: the adapter's LSP `PublishDiagnosticsParams[]` to a
 * neutral shape, one entry per file. Pure (no `vscode` import): the mapping
 * to `vscode.Diagnostic` is in `leakDiagnostics.ts`.
 *
 * Why a separate step: the adapter sends LSP JSON (0-based lines, LSP
 * severities 1..4, URIs as strings), VS Code wants its own classes and
 * severities 0..3. Doing the checks and normalisation here keeps them
 * testable, and a malformed entry is dropped instead of breaking the whole
 * update.
 */

import type { PublishDiagnosticsParams } from "./protocol";
import { normalizeUri, type PathFlavor } from "./uri";

export interface PositionLike {
  /** 0-based. */
  line: number;
  /** 0-based, UTF-16 code units (LSP default). */
  character: number;
}

export interface RangeLike {
  start: PositionLike;
  end: PositionLike;
}

export type SeverityName = "error" | "warning" | "information" | "hint";

export interface RelatedInformationLike {
  uri: string;
  range: RangeLike;
  message: string;
}

export interface DiagnosticLike {
  range: RangeLike;
  severity: SeverityName;
  message: string;
  source?: string;
  code?: string | number;
  relatedInformation: RelatedInformationLike[];
}

export interface FileDiagnostics {
  uri: string;
  diagnostics: DiagnosticLike[];
}

/** LSP `DiagnosticSeverity`: 1 Error, 2 Warning, 3 Information, 4 Hint. */
const SEVERITIES: Record<number, SeverityName> = {
  1: "error",
  2: "warning",
  3: "information",
  4: "hint",
};

type Rec = Record<string, unknown>;

const isRecord = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);

/** A non-negative integer, or undefined. */
function count(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined;
}

function toPosition(v: unknown): PositionLike | undefined {
  if (!isRecord(v)) return undefined;
  const line = count(v.line);
  const character = count(v.character);
  return line === undefined || character === undefined ? undefined : { line, character };
}

function before(a: PositionLike, b: PositionLike): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** A checked 0-based range; a reversed range is swapped, as LSP clients do. */
export function toRange(v: unknown): RangeLike | undefined {
  if (!isRecord(v)) return undefined;
  const start = toPosition(v.start);
  const end = toPosition(v.end);
  if (!start || !end) return undefined;
  return before(end, start) ? { start: end, end: start } : { start, end };
}

function toRelated(v: unknown, flavor: PathFlavor): RelatedInformationLike | undefined {
  if (!isRecord(v) || !isRecord(v.location) || typeof v.location.uri !== "string") return undefined;
  const range = toRange(v.location.range);
  if (!range) return undefined;
  return {
    uri: normalizeUri(v.location.uri, flavor),
    range,
    message: typeof v.message === "string" ? v.message : "",
  };
}

export function toDiagnostic(v: unknown, flavor: PathFlavor): DiagnosticLike | undefined {
  if (!isRecord(v) || typeof v.message !== "string") return undefined;
  const range = toRange(v.range);
  if (!range) return undefined;
  const d: DiagnosticLike = {
    range,
    // The adapter always sends 2; an absent severity is a warning for us too.
    severity: (typeof v.severity === "number" ? SEVERITIES[v.severity] : undefined) ?? "warning",
    message: v.message,
    relatedInformation: Array.isArray(v.relatedInformation)
      ? v.relatedInformation
          .map((r) => toRelated(r, flavor))
          .filter((r): r is RelatedInformationLike => r !== undefined)
      : [],
  };
  if (typeof v.source === "string") d.source = v.source;
  if (typeof v.code === "string" || typeof v.code === "number") d.code = v.code;
  return d;
}

/**
 * All diagnostics of a diff, grouped by file (URIs normalised, so two
 * spellings of one file make one entry), files in the order first seen.
 * Files whose diagnostics are all malformed are left out.
 */
export function convertDiagnostics(
  params: readonly PublishDiagnosticsParams[] | readonly unknown[] | undefined,
  flavor?: PathFlavor,
): FileDiagnostics[] {
  const fl = flavor ?? (process.platform === "win32" ? "win32" : "posix");
  const byUri = new Map<string, DiagnosticLike[]>();
  if (!Array.isArray(params)) return [];
  // Checked entry by entry: the adapter's JSON is not trusted to match the types.
  for (const p of params as readonly unknown[]) {
    if (!isRecord(p) || typeof p.uri !== "string" || !Array.isArray(p.diagnostics)) continue;
    const uri = normalizeUri(p.uri, fl);
    const list = byUri.get(uri) ?? [];
    for (const d of p.diagnostics as unknown[]) {
      const converted = toDiagnostic(d, fl);
      if (converted) list.push(converted);
    }
    byUri.set(uri, list);
  }
  return [...byUri]
    .filter(([, diagnostics]) => diagnostics.length > 0)
    .map(([uri, diagnostics]) => ({ uri, diagnostics }));
}
