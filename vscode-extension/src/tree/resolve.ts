/**
 * From a function named in a path (`SRC:LINE`) to a file on disk. Pure.
 *
 * `SRC` is the chunk's file relative to the program's working directory
 * when it lies under it, else Lua's `short_src` (absolute, or cut to
 * `...tail` when long, or `[string "…"]` for code that is not a file). The
 * best answer is a function object of the same diff with the same `source`:
 * the adapter gave it an absolute `location`. Failing that, an absolute
 * `SRC` is the path, and a relative one is joined to the session's cwd.
 */

import * as nodePath from "node:path";
import type { HeapObject, SourceLocation } from "../protocol";
import type { FunctionRef } from "./retentionPath";

function isAbsolute(p: string): boolean {
  return p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith("\\\\");
}

function looksWindows(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith("\\\\");
}

/** Index of the functions of a diff by `source`, built once per diff. */
export function functionIndex(objects: readonly HeapObject[]): Map<string, SourceLocation> {
  const index = new Map<string, SourceLocation>();
  for (const o of objects) {
    if (o.type === "function" && o.source && o.location && !index.has(o.source)) {
      index.set(o.source, o.location);
    }
  }
  return index;
}

export function resolveFunction(
  ref: FunctionRef,
  index: ReadonlyMap<string, SourceLocation>,
  cwd: string | undefined,
): SourceLocation | undefined {
  const known = index.get(`${ref.src}:${ref.line}`);
  if (known) return known;
  const src = ref.src;
  // Cut paths and chunks that are not files cannot be found again.
  if (src === "" || src.startsWith("...") || src.startsWith("[") || src.startsWith("=")) {
    return undefined;
  }
  if (isAbsolute(src)) return { path: src, line: ref.line };
  if (!cwd) return undefined;
  const flavor = looksWindows(cwd) ? nodePath.win32 : nodePath.posix;
  return { path: flavor.join(cwd, src), line: ref.line };
}
