/**
 * Leak report files: the JSON of `lua-snapshot run --leaks --json`, which a
 * host also writes from Lua with `lsnapshot` (README "The JSON report").
 * Pure (no `vscode` import): "Open Lua Leak Report…" reads the file and
 * hands its text here.
 *
 * Why strict checks on the required fields: the user picks any file; a
 * wrong one must say what is wrong with it ("objects[3] has no address"),
 * not show an empty tree. Optional fields (the issue-19 additions
 * `retained_size`, `class`, `dominator`, a `classes` summary) are read when
 * present, as in the adapter's diffs.
 */

import {
  defined,
  parseClassSummaries,
  parseGrown,
  parseObject,
  type ClassSummary,
  type GrownTable,
  type HeapObject,
} from "./protocol";

/** Larger files are refused before they are read: parsing them would stall the editor. */
export const MAX_REPORT_BYTES = 128 * 1024 * 1024;

export interface LeakReport {
  /** `count`: objects the program left behind (all of them, not only those listed). */
  count: number;
  /** `total_size`: their bytes. */
  totalSize: number;
  /** Listed objects, as in a diff's `added`. */
  objects: HeapObject[];
  grown: GrownTable[];
  /** Per-class summary, when the report has one. */
  classes?: ClassSummary[];
}

/** A report that cannot be shown, with the reason in words. */
export class ReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReportError";
  }
}

type Rec = Record<string, unknown>;

const isRecord = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

/** Refuses a file of `bytes` bytes before reading it, when it is too big. */
export function checkReportSize(bytes: number): void {
  if (bytes > MAX_REPORT_BYTES) {
    const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
    throw new ReportError(`the file is too big (${mb(bytes)}; a leak report may have at most ${mb(MAX_REPORT_BYTES)})`);
  }
}

/** What is missing from an entry of `objects`, or undefined when it has the report's shape. */
function objectProblem(o: unknown): string | undefined {
  if (!isRecord(o)) return "is not an object";
  if (typeof o.address !== "string") return 'has no "address" string';
  if (typeof o.type !== "string") return 'has no "type" string';
  if (!isCount(o.size)) return 'has no "size" number';
  if (!Array.isArray(o.paths)) return 'has no "paths" array';
  if (o.location !== null && o.location !== undefined) {
    const l = o.location;
    if (!isRecord(l) || typeof l.path !== "string" || !isCount(l.line)) return 'has a "location" that is not {path, line}';
  }
  return undefined;
}

const SHAPE = "it is not a lua-snapshot leak report (the JSON of `lua-snapshot run --leaks --json`)";

/** Parses and checks a report's text; throws a `ReportError` that says what is wrong. */
export function parseReport(text: string): LeakReport {
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch (e) {
    throw new ReportError(`the file is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isRecord(doc)) throw new ReportError(`${SHAPE}: the document is not a JSON object`);
  const missing = ["count", "total_size"].filter((k) => !isCount(doc[k]));
  if (missing.length > 0 || !Array.isArray(doc.objects)) {
    const what = [...missing.map((k) => `"${k}" number`), ...(Array.isArray(doc.objects) ? [] : ['"objects" array'])];
    throw new ReportError(`${SHAPE}: it has no ${what.join(", no ")}`);
  }
  const raw: unknown[] = doc.objects;
  for (let i = 0; i < raw.length; i++) {
    const problem = objectProblem(raw[i]);
    if (problem !== undefined) throw new ReportError(`${SHAPE}: objects[${i}] ${problem}`);
  }
  if (doc.grown !== undefined && !Array.isArray(doc.grown)) throw new ReportError(`${SHAPE}: "grown" is not an array`);
  const report: LeakReport = {
    count: doc.count as number,
    totalSize: doc.total_size as number,
    objects: raw.map(parseObject).filter(defined),
    grown: Array.isArray(doc.grown) ? doc.grown.map(parseGrown).filter(defined) : [],
  };
  if (doc.classes !== undefined) {
    try {
      report.classes = parseClassSummaries(doc);
    } catch {
      throw new ReportError(`${SHAPE}: "classes" is not an array`);
    }
  }
  return report;
}

/**
 * The folder the report's relative sources (`src/bus.lua:16` in paths) are
 * relative to: the run's working directory. A report does not name it, but
 * every function with a file has both its `source` (relative when under
 * that folder) and its absolute `location`; the folder is what the
 * location has in front of the source's file.
 */
export function reportBaseDir(objects: readonly HeapObject[]): string | undefined {
  for (const o of objects) {
    if (!o.location || !o.source) continue;
    const file = o.source.replace(/:\d+$/, "");
    if (file === "" || file.startsWith("/") || file.startsWith("...") || file.startsWith("[")) continue;
    const path = o.location.path.replace(/\\/g, "/");
    const tail = `/${file.replace(/\\/g, "/")}`;
    if (path.endsWith(tail)) return o.location.path.slice(0, path.length - tail.length) || "/";
  }
  return undefined;
}
