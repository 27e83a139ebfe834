/**
 * Leaked-closure diagnostics of a leak report file, computed here because
 * no adapter is there to compute them: the same warnings as a live diff's
 * (snapshot/src/diagnostics.rs), as LSP `PublishDiagnosticsParams`, so they
 * go through the same conversion to the Problems panel. Pure: the caller
 * passes how wide a source line is (the range spans it, as the adapter's).
 *
 * The adapter works on the snapshot's graph; a report has only the paths.
 * The objects a closure holds are those whose shortest path goes through
 * it (the closure's own shortest path is a prefix of theirs), up to a
 * nearer leaked closure, which counts its own: the adapter's rule, read
 * from the paths.
 */

import { humanSize } from "./format";
import type { HeapObject, LspDiagnostic, PublishDiagnosticsParams, SourceLocation } from "./protocol";
import { functionIndex, resolveFunction } from "./tree/resolve";
import { functionPrefixes, holderFunctions, parseSteps } from "./tree/retentionPath";
import { pathToFileUri } from "./uri";

export const SOURCE = "lua-snapshot";
export const CODE = "leaked-closure";

/** UTF-16 length of a 0-based line of a file, or undefined when unknown (the range is then empty). */
export type LineWidth = (path: string, line0: number) => number | undefined;

interface Site {
  location: SourceLocation;
  first: HeapObject;
  closures: HeapObject[];
}

/** The closures still alive, by definition site, sorted by file then line (the adapter's order). */
function sitesOf(objects: readonly HeapObject[]): Site[] {
  const sites = new Map<string, Site>();
  for (const o of objects) {
    if (o.type !== "function" || !o.location) continue;
    const key = `${o.location.path}\n${o.location.line}`;
    const site = sites.get(key);
    if (site) site.closures.push(o);
    else sites.set(key, { location: o.location, first: o, closures: [o] });
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...sites.values()].sort((a, b) => cmp(a.location.path, b.location.path) || a.location.line - b.location.line);
}

/** Bytes of the listed objects each closure holds (see the module comment). */
function heldBytes(objects: readonly HeapObject[], closures: ReadonlySet<HeapObject>): Map<HeapObject, number> {
  const byPath = new Map<string, HeapObject>();
  for (const c of closures) {
    const p = c.paths[0];
    if (p !== undefined && !byPath.has(p)) byPath.set(p, c);
  }
  const held = new Map<HeapObject, number>();
  for (const o of objects) {
    const p = o.paths[0];
    if (closures.has(o) || p === undefined) continue;
    for (const prefix of functionPrefixes(p)) {
      const owner = byPath.get(prefix);
      if (owner) {
        held.set(owner, (held.get(owner) ?? 0) + o.size);
        break;
      }
    }
  }
  return held;
}

const steps = (o: HeapObject) => (o.paths[0] === undefined ? Infinity : parseSteps(o.paths[0]).steps.length);

/** The closure a site's message names: the one the walk reached first (fewest steps). */
function firstReached(first: HeapObject, closures: readonly HeapObject[]): HeapObject {
  let best = first;
  for (const c of closures) if (steps(c) < steps(best)) best = c;
  return best;
}

export function reportDiagnostics(
  objects: readonly HeapObject[],
  baseDir: string | undefined,
  lineWidth: LineWidth,
): PublishDiagnosticsParams[] {
  const sites = sitesOf(objects);
  const held = heldBytes(objects, new Set(sites.flatMap((s) => s.closures)));
  const index = functionIndex(objects);
  const range = (loc: SourceLocation) => {
    const line = Math.max(loc.line, 1) - 1;
    return { start: { line, character: 0 }, end: { line, character: lineWidth(loc.path, line) ?? 0 } };
  };
  const byFile = new Map<string, LspDiagnostic[]>();
  for (const { location, first, closures } of sites) {
    const bytes = closures.reduce((n, c) => n + c.size + (held.get(c) ?? 0), 0);
    const holder = firstReached(first, closures);
    const one = closures.length === 1;
    const message =
      `${closures.length} ${one ? "closure" : "closures"} created here ${one ? "is" : "are"} still alive ` +
      `(${humanSize(bytes)} with the new objects ${one ? "it holds" : "they hold"}), held by ${holder.paths[0] ?? ""}`;
    const related = holderFunctions(holder.paths[0] ?? "").flatMap((ref) => {
      const loc = resolveFunction(ref, index, baseDir);
      return loc
        ? [{ location: { uri: pathToFileUri(loc.path), range: range(loc) }, message: `holds it: function defined at ${ref.src}:${ref.line}` }]
        : [];
    });
    const d: LspDiagnostic = { range: range(location), severity: 2, code: CODE, source: SOURCE, message };
    if (related.length > 0) d.relatedInformation = related;
    const list = byFile.get(location.path) ?? [];
    list.push(d);
    byFile.set(location.path, list);
  }
  return [...byFile].map(([path, diagnostics]) => ({ uri: pathToFileUri(path), diagnostics }));
}
