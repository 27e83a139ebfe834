/**
 * Reading retention paths (`Root->(T)[registry]->(T)_G->…`, see
 * docs/REPORTS.md at the repository root). Pure.
 *
 * A path is `Root` then `->TAG EDGE` steps. We need two things from it: the
 * steps (to show the last one as the object's name) and the nearest Lua
 * function on it (to send a click on a table to the code that holds it).
 */

/** A function definition named in a path: `SRC` as the adapter wrote it, 1-based or 0 (main chunk) line. */
export interface FunctionRef {
  src: string;
  line: number;
}

export interface PathStep {
  /** `(T)`, `(L@bus.lua:16)`, `(S@co.lua:3 [C])`… */
  tag: string;
  /** How the parent refers to the object: `_G`, `[1]`, `["a key"]`, `x{#co.lua:1}`… */
  edge: string;
}

/**
 * Splits a path on `->`, except inside quoted keys (`["a->b"]`), whose
 * content the adapter escapes (`\"`, `\\`). The first element is the root
 * label.
 */
export function splitSteps(path: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let inKey = false;
  let i = 0;
  while (i < path.length) {
    if (inKey) {
      if (path[i] === "\\") {
        i += 2;
      } else if (path.startsWith('"]', i)) {
        inKey = false;
        i += 2;
      } else {
        i += 1;
      }
    } else if (path.startsWith('["', i)) {
      inKey = true;
      i += 2;
    } else if (path.startsWith("->", i)) {
      parts.push(path.slice(start, i));
      i += 2;
      start = i;
    } else {
      i += 1;
    }
  }
  parts.push(path.slice(start));
  return parts;
}

/**
 * Length of the tag at the start of a step, or 0. Lua function tags end at
 * the first `:LINE)`: file names with `:123)` in them are not supported,
 * key names with it are (they come after the tag).
 */
function tagLength(step: string): number {
  const fn = /^\([LP]@.*?:\d+\)/.exec(step);
  if (fn) return fn[0].length;
  if (step.startsWith("(S@")) {
    // A thread's frames: `SRC:LINE` and `[C]` separated by spaces.
    const end = step.indexOf(")");
    return end < 0 ? 0 : end + 1;
  }
  const simple = /^\([A-Z]\)/.exec(step);
  return simple ? simple[0].length : 0;
}

export function parseSteps(path: string): { root: string; steps: PathStep[] } {
  const [root = "", ...rest] = splitSteps(path);
  const steps = rest.map((s) => {
    const n = tagLength(s);
    return { tag: s.slice(0, n), edge: s.slice(n) };
  });
  return { root, steps };
}

/** The function of an `(L@SRC:LINE)` tag. */
function tagFunction(tag: string): FunctionRef | undefined {
  const m = /^\(L@(.*):(\d+)\)$/.exec(tag);
  return m ? { src: m[1] ?? "", line: Number(m[2]) } : undefined;
}

/** The function of a frame marker that ends a local's edge: `name{#SRC:LINE}`. */
function frameFunction(edge: string): FunctionRef | undefined {
  const m = /\{#(.*):(\d+)\}$/.exec(edge);
  return m ? { src: m[1] ?? "", line: Number(m[2]) } : undefined;
}

/**
 * The Lua function nearest to the end of the path: the last `(L@SRC:LINE)`
 * tag, or the frame a local variable lives in (`x{#SRC:LINE}`: a function
 * that is running holds the object), whichever comes last. Undefined when
 * only C code, tables and threads hold the object.
 */
export function nearestFunction(path: string): FunctionRef | undefined {
  return search(path, false);
}

/**
 * Like `nearestFunction`, but never the object at the end of the path
 * itself: the function that holds it (for a Lua function object, the
 * nearest function that refers to it).
 */
export function holderFunction(path: string): FunctionRef | undefined {
  return search(path, true);
}

function search(path: string, skipLastTag: boolean): FunctionRef | undefined {
  const { steps } = parseSteps(path);
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    if (!step) continue;
    // The edge is how the parent holds this object: it is nearer the end than the tag.
    const found = frameFunction(step.edge) ?? (skipLastTag && i === steps.length - 1 ? undefined : tagFunction(step.tag));
    if (found) return found;
  }
  return undefined;
}

/** The last edge of a path, as a short name for the object (`state`, `[1]`). */
export function lastEdge(path: string): string {
  const { steps } = parseSteps(path);
  return steps[steps.length - 1]?.edge ?? "";
}

/**
 * The Lua functions named by `(L@SRC:LINE)` tags on a path, nearest to its
 * end first, leaving out the object at the end itself: the functions that
 * hold that object, as a diagnostic's related information lists them.
 */
export function holderFunctions(path: string): FunctionRef[] {
  const { steps } = parseSteps(path);
  const out: FunctionRef[] = [];
  for (let i = steps.length - 2; i >= 0; i--) {
    const f = tagFunction(steps[i]?.tag ?? "");
    if (f) out.push(f);
  }
  return out;
}

/**
 * The path's prefixes that end at a Lua function (an `(L@…)` step),
 * longest first, without the path itself: the paths of the closures the
 * object may be held through. Only those steps are joined, so a path
 * through no function costs one scan.
 */
export function functionPrefixes(path: string): string[] {
  if (!path.includes("->(L@")) return [];
  if (!path.includes('["')) {
    // No quoted key, so every `->` separates steps: cut at them directly.
    const cuts: string[] = [];
    for (let i = path.indexOf("->(L@"); i >= 0; ) {
      const end = path.indexOf("->", i + 2);
      if (end < 0) break;
      cuts.push(path.slice(0, end));
      i = path.indexOf("->(L@", end);
    }
    return cuts.reverse();
  }
  const parts = splitSteps(path);
  const out: string[] = [];
  let acc = parts[0] ?? "";
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] ?? "";
    acc += `->${part}`;
    if (part.startsWith("(L@")) out.push(acc);
  }
  return out.reverse();
}
