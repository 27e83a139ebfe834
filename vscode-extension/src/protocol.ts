/**
 * Shapes of the lua-snapshot adapter's custom requests and events, and
 * guards that check bodies at runtime.
 *
 * Why guards: custom request responses and custom events reach us as `any`.
 * The adapter is developed in parallel with this extension, so a body that
 * does not have the expected shape must be rejected with a clear message
 * instead of crashing a tree or a diagnostics update somewhere later.
 *
 * Pure module (no `vscode` import) so unit tests can use it.
 */

export const DEBUG_TYPE = "lua-snapshot";

/** Custom event sent at each stop with `snapshotOnStop`, from the second stop on: the diff from the baseline. */
export const SNAPSHOT_DIFF_EVENT = "snapshotDiff";
/** Custom event sent at each stop with `snapshotOnStop`: the snapshot just taken (a `SnapshotInfo`). */
export const SNAPSHOT_TAKEN_EVENT = "snapshotTaken";

/** Absolute file and 1-based line. */
export interface SourceLocation {
  path: string;
  line: number;
}

export type ObjectType = "table" | "function" | "cfunction" | "thread" | "userdata" | "string" | "upvalue";

/** One heap object of a diff (same shape as `lua-snapshot run --json`). */
export interface HeapObject {
  address: string;
  /** An `ObjectType`; kept open so a newer adapter's types still show. */
  type: string;
  size: number;
  /** `short_src:linedefined` of a Lua function, else null. */
  source: string | null;
  /** Definition of a Lua function loaded from a file, else null. */
  location: SourceLocation | null;
  /** Retention paths, shortest first. */
  paths: string[];
  /** A string's text (`…` where cut), when the adapter could still read it. */
  text?: string;
  /** Bytes freed if this object were gone (absent from older adapters: its own size). */
  retained_size?: number;
  /** Its class: a metatable's name, a creation line, or the type (absent from older adapters). */
  class?: string;
  /** Address of the nearest reported object that dominates it; null or absent: a top entry. */
  dominator?: string | null;
}

/** One row of `snapshotSummary` (and of a report's `classes`): a class's objects in a snapshot. */
export interface ClassSummary {
  class: string;
  count: number;
  size: number;
  retained_size: number;
  /** With a baseline: change since the baseline. */
  count_delta?: number;
  size_delta?: number;
  /** With a baseline: objects of the class created / freed since it, and their bytes. */
  new_count?: number;
  new_size?: number;
  freed_count?: number;
  freed_size?: number;
}

/** Custom request: per-class summary of a snapshot, compared with `baseline` when given. */
export const SNAPSHOT_SUMMARY_REQUEST = "snapshotSummary";

export interface SnapshotSummaryArgs {
  snapshot: number;
  baseline?: number;
}

export interface GrownTable {
  address: string;
  path: string;
  before: number;
  after: number;
}

export interface SnapshotInfo {
  id: number;
  label: string;
  objectCount: number;
  totalSize: number;
  heapBytes: number;
  stoppedAt?: SourceLocation;
  /** The snapshot the stop diffs of `snapshotOnStop` start from (`setBaseline`). */
  baseline?: boolean;
}

/** Response body of `takeSnapshot`. */
export interface TakeSnapshotResult extends SnapshotInfo {
  durationMs: number;
}

export interface TakeSnapshotArgs {
  label?: string;
  /** Full collection before the walk (the adapter's default is true). */
  gc?: boolean;
}

export interface DiffSnapshotsArgs {
  from: number;
  to: number;
  limit?: number;
}

export interface ExportSnapshotArgs {
  id: number;
  path: string;
  format: "json" | "text";
}

/** LSP types, as the adapter sends them (0-based positions). */
export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

export interface LspLocation {
  uri: string;
  range: LspRange;
}

export interface LspDiagnostic {
  range: LspRange;
  severity?: number;
  code?: number | string;
  source?: string;
  message: string;
  relatedInformation?: { location: LspLocation; message: string }[];
}

export interface PublishDiagnosticsParams {
  uri: string;
  diagnostics: LspDiagnostic[];
}

/** Response body of `diffSnapshots`, and body of the `snapshotDiff` event. */
export interface DiffBody {
  from: number;
  to: number;
  addedCount: number;
  addedSize: number;
  /** Largest first, cut at the request's `limit`. */
  added: HeapObject[];
  removedCount: number;
  removedSize: number;
  grown: GrownTable[];
  diagnostics: PublishDiagnosticsParams[];
  /** Not in the documented shape; used when an adapter sends it. */
  heapBytes?: number;
}

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isNum(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function isLocation(v: unknown): v is SourceLocation {
  return isRecord(v) && typeof v.path === "string" && isNum(v.line);
}

function optLocation(v: unknown): SourceLocation | undefined {
  return isLocation(v) ? { path: v.path, line: v.line } : undefined;
}

/** Error raised when the adapter answers with an unexpected body. */
export class ProtocolError extends Error {
  constructor(what: string) {
    super(`lua-snapshot adapter sent an unexpected ${what}`);
    this.name = "ProtocolError";
  }
}

export function parseSnapshotInfo(v: unknown): SnapshotInfo {
  if (!isRecord(v) || !isNum(v.id)) {
    throw new ProtocolError("snapshot (no numeric id)");
  }
  const info: SnapshotInfo = {
    id: v.id,
    label: typeof v.label === "string" ? v.label : `#${v.id}`,
    objectCount: isNum(v.objectCount) ? v.objectCount : 0,
    totalSize: isNum(v.totalSize) ? v.totalSize : 0,
    heapBytes: isNum(v.heapBytes) ? v.heapBytes : 0,
  };
  const at = optLocation(v.stoppedAt);
  if (at) info.stoppedAt = at;
  if (v.baseline === true) info.baseline = true;
  return info;
}

export function parseTakeSnapshotResult(v: unknown): TakeSnapshotResult {
  const info = parseSnapshotInfo(v);
  const ms = isRecord(v) && isNum(v.durationMs) ? v.durationMs : 0;
  return { ...info, durationMs: ms };
}

export function parseSnapshotList(v: unknown): SnapshotInfo[] {
  if (!isRecord(v) || !Array.isArray(v.snapshots)) {
    throw new ProtocolError("listSnapshots body (no snapshots array)");
  }
  return v.snapshots.map(parseSnapshotInfo);
}

export function parseObject(v: unknown): HeapObject | undefined {
  if (!isRecord(v) || typeof v.address !== "string") return undefined;
  return {
    address: v.address,
    type: typeof v.type === "string" ? v.type : "unknown",
    size: isNum(v.size) ? v.size : 0,
    source: typeof v.source === "string" ? v.source : null,
    location: optLocation(v.location) ?? null,
    paths: Array.isArray(v.paths) ? v.paths.filter((p): p is string => typeof p === "string") : [],
    ...(typeof v.text === "string" ? { text: v.text } : {}),
    ...(isNum(v.retained_size) ? { retained_size: v.retained_size } : {}),
    ...(typeof v.class === "string" ? { class: v.class } : {}),
    ...(typeof v.dominator === "string" ? { dominator: v.dominator } : {}),
  };
}

const OPTIONAL_CLASS_NUMBERS = ["count_delta", "size_delta", "new_count", "new_size", "freed_count", "freed_size"] as const;

function parseClassRow(v: unknown): ClassSummary | undefined {
  if (!isRecord(v) || typeof v.class !== "string") return undefined;
  const size = isNum(v.size) ? v.size : 0;
  const row: ClassSummary = {
    class: v.class,
    count: isNum(v.count) ? v.count : 0,
    size,
    retained_size: isNum(v.retained_size) ? v.retained_size : size,
  };
  for (const k of OPTIONAL_CLASS_NUMBERS) {
    const x = v[k];
    if (isNum(x)) row[k] = x;
  }
  return row;
}

/** Rows of a `snapshotSummary` body (`{classes: [...]}`); malformed rows are dropped. */
export function parseClassSummaries(v: unknown): ClassSummary[] {
  if (!isRecord(v) || !Array.isArray(v.classes)) {
    throw new ProtocolError("snapshotSummary body (no classes array)");
  }
  return v.classes.map(parseClassRow).filter(defined);
}

export function parseGrown(v: unknown): GrownTable | undefined {
  if (!isRecord(v) || typeof v.address !== "string") return undefined;
  return {
    address: v.address,
    path: typeof v.path === "string" ? v.path : "",
    before: isNum(v.before) ? v.before : 0,
    after: isNum(v.after) ? v.after : 0,
  };
}

export function defined<T>(x: T | undefined): x is T {
  return x !== undefined;
}

/**
 * Checks a diff body. Objects and diagnostics are kept as sent (diagnostics
 * are validated entry by entry in `diagnostics.ts`); malformed objects are
 * dropped rather than failing the whole diff.
 */
export function parseDiffBody(v: unknown): DiffBody {
  if (!isRecord(v) || !isNum(v.from) || !isNum(v.to)) {
    throw new ProtocolError("diff body (no numeric from/to)");
  }
  const added = Array.isArray(v.added) ? v.added.map(parseObject).filter(defined) : [];
  const body: DiffBody = {
    from: v.from,
    to: v.to,
    addedCount: isNum(v.addedCount) ? v.addedCount : added.length,
    addedSize: isNum(v.addedSize) ? v.addedSize : added.reduce((s, o) => s + o.size, 0),
    added,
    removedCount: isNum(v.removedCount) ? v.removedCount : 0,
    removedSize: isNum(v.removedSize) ? v.removedSize : 0,
    grown: Array.isArray(v.grown) ? v.grown.map(parseGrown).filter(defined) : [],
    diagnostics: Array.isArray(v.diagnostics) ? (v.diagnostics as PublishDiagnosticsParams[]) : [],
  };
  if (isNum(v.heapBytes)) body.heapBytes = v.heapBytes;
  return body;
}

export function parseExportResult(v: unknown): { path: string } {
  if (!isRecord(v) || typeof v.path !== "string") {
    throw new ProtocolError("exportSnapshot body (no path)");
  }
  return { path: v.path };
}
