/**
 * The heap growth chart as SVG text. Pure: the webview (`panel.ts`) only
 * shows what this returns, and the unit tests read it.
 *
 * One point per snapshot of the session, in id order (a stop's snapshot
 * with `snapshotOnStop`, or one taken by the command): the Lua heap
 * (everything the VM had allocated) and the bytes the program can reach.
 * A leak is a reachable line that climbs. Each heap point carries its
 * snapshot id (`data-id`): a click picks it for a diff.
 */

import { formatBytes } from "../format";
import type { SnapshotInfo } from "../protocol";

export const WIDTH = 640;
export const HEIGHT = 260;
const MARGIN = { left: 70, right: 20, top: 20, bottom: 40 };

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface ChartPoint {
  id: number;
  x: number;
  heapY: number;
  reachableY: number;
}

/** Where each snapshot's points go. */
export function layout(snapshots: readonly SnapshotInfo[]): { points: ChartPoint[]; max: number } {
  const max = Math.max(1, ...snapshots.map((s) => Math.max(s.heapBytes, s.totalSize)));
  const w = WIDTH - MARGIN.left - MARGIN.right;
  const h = HEIGHT - MARGIN.top - MARGIN.bottom;
  const step = snapshots.length > 1 ? w / (snapshots.length - 1) : 0;
  const y = (bytes: number) => MARGIN.top + h - (h * bytes) / max;
  const points = snapshots.map((s, i) => ({
    id: s.id,
    x: MARGIN.left + (snapshots.length > 1 ? i * step : w / 2),
    heapY: y(s.heapBytes),
    reachableY: y(s.totalSize),
  }));
  return { points, max };
}

const round = (n: number) => Math.round(n * 10) / 10;
const line = (pts: readonly { x: number; y: number }[]) => pts.map((p) => `${round(p.x)},${round(p.y)}`).join(" ");

/**
 * The chart; `selected` are the snapshots picked so far (drawn hollow and
 * larger). Empty text when there is nothing to draw.
 */
export function renderChart(snapshots: readonly SnapshotInfo[], selected: readonly number[] = []): string {
  if (snapshots.length === 0) return "";
  const { points, max } = layout(snapshots);
  const bottom = HEIGHT - MARGIN.bottom;
  const axis =
    `<line class="axis" x1="${MARGIN.left}" y1="${bottom}" x2="${WIDTH - MARGIN.right}" y2="${bottom}"/>` +
    `<line class="axis" x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}"/>` +
    `<text class="tick" x="${MARGIN.left - 6}" y="${MARGIN.top + 4}" text-anchor="end">${formatBytes(max)}</text>` +
    `<text class="tick" x="${MARGIN.left - 6}" y="${bottom}" text-anchor="end">0</text>`;
  const heap = `<polyline class="heap" points="${line(points.map((p) => ({ x: p.x, y: p.heapY })))}"/>`;
  const reachable = `<polyline class="reachable" points="${line(points.map((p) => ({ x: p.x, y: p.reachableY })))}"/>`;
  const dots = snapshots
    .map((s, i) => {
      const p = points[i];
      if (!p) return "";
      const picked = selected.includes(s.id);
      const title =
        `#${s.id} ${s.label}${s.baseline ? " (baseline)" : ""}: Lua heap ${formatBytes(s.heapBytes)}, ` +
        `reachable ${formatBytes(s.totalSize)} in ${s.objectCount} objects`;
      return (
        `<g class="point${picked ? " picked" : ""}${s.baseline ? " baseline" : ""}" data-id="${s.id}">` +
        `<circle cx="${round(p.x)}" cy="${round(p.heapY)}" r="${picked ? 7 : 5}"/>` +
        `<circle class="reachable-dot" cx="${round(p.x)}" cy="${round(p.reachableY)}" r="3"/>` +
        `<text class="tick" x="${round(p.x)}" y="${bottom + 16}" text-anchor="middle">#${s.id}</text>` +
        `<title>${escapeXml(title)}</title></g>`
      );
    })
    .join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" ` +
    `aria-label="Lua heap at ${snapshots.length} snapshots">${axis}${heap}${reachable}${dots}</svg>`
  );
}

/**
 * A click on snapshot `id` with `selected` already picked: the first pick
 * is kept, a second one asks for the diff of the two (older first) and
 * starts over; a click on a picked one drops it.
 */
export function pick(selected: readonly number[], id: number): { selected: number[]; diff?: [number, number] } {
  if (selected.includes(id)) return { selected: selected.filter((x) => x !== id) };
  const first = selected[0];
  if (first === undefined) return { selected: [id] };
  return { selected: [], diff: first < id ? [first, id] : [id, first] };
}
