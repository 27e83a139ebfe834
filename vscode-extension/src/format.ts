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
