/**
 * Human-readable numbers for labels. Pure.
 *
 * Sizes are written as the adapter writes them in its diagnostics
 * (`human_size` in snapshot/src/diagnostics.rs: 1024-based, one decimal,
 * "512 B", "1.2 KB", "3.0 MB"), so the tree, the status bar and the editor
 * warnings read the same. GB and TB go past what the adapter writes.
 */

const UNITS = ["KB", "MB", "GB", "TB"] as const;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "? B";
  const sign = bytes < 0 ? "-" : "";
  let n = Math.abs(bytes);
  if (n < 1024) return `${sign}${Math.round(n)} B`;
  let unit = "B";
  for (const u of UNITS) {
    n /= 1024;
    unit = u;
    if (n < 1024) break;
  }
  return `${sign}${n.toFixed(1)} ${unit}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `HH:MM:SS` of a date, for default snapshot labels. */
export function clockTime(d: Date): string {
  const two = (x: number) => x.toString().padStart(2, "0");
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** A duration for people: `0.4 ms`, `12 ms`, `1.5 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "? ms";
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `x / unit` with one decimal, ties to even as Rust's `{:.1}` (1280 B is "1.2 KB", not "1.3"). */
function oneDecimal(bytes: number, unit: number): string {
  // bytes * 10 / unit is exact: unit is a power of two.
  const scaled = (bytes * 10) / unit;
  const floor = Math.floor(scaled);
  const frac = scaled - floor;
  const n = frac > 0.5 || (frac === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  return `${Math.floor(n / 10)}.${n % 10}`;
}

/**
 * The adapter's `human_size` (snapshot/src/diagnostics.rs) to the letter:
 * B, KB, MB (no GB), for warnings computed here that must read as the
 * adapter's.
 */
export function humanSize(bytes: number): string {
  const b = Math.max(0, Math.floor(bytes));
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${oneDecimal(b, 1024)} KB`;
  return `${oneDecimal(b, 1024 * 1024)} MB`;
}
