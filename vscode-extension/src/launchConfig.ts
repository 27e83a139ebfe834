/**
 * Launch configuration defaults. Pure: `configProvider.ts` feeds it what
 * VS Code knows (active editor, workspace folder).
 *
 * Why: F5 on a Lua file with no launch.json hands us an empty
 * configuration; we turn it into "run this file". And the program's
 * working directory must always be known, because paths in reports are
 * relative to it and the tree resolves them against it.
 */

import * as nodePath from "node:path";
import { DEBUG_TYPE } from "./protocol";

/** The launch attributes the adapter knows (package.json documents them). */
export interface LaunchConfig {
  type: string;
  request: string;
  name: string;
  program?: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string | null>;
  stopOnEntry?: boolean;
  noDebug?: boolean;
  luaPath?: string;
  luaCPath?: string;
  memoryLimitMB?: number;
  snapshotOnStop?: boolean;
  maxSnapshots?: number;
  console?: "internalConsole" | "integratedTerminal" | "externalTerminal";
  [key: string]: unknown;
}

/** The configuration of "run the current file", as launch.json gets it. */
export function currentFileConfig(): LaunchConfig {
  return {
    type: DEBUG_TYPE,
    request: "launch",
    name: "Lua (snapshot): current file",
    program: "${file}",
  };
}

/** A configuration for one file (dynamic configurations list one per open Lua file). */
export function fileConfig(program: string): LaunchConfig {
  return {
    type: DEBUG_TYPE,
    request: "launch",
    name: `Lua (snapshot): ${nodePath.basename(program)}`,
    program,
  };
}

export type Resolved = { config: LaunchConfig } | { error: string };

/**
 * Before variable substitution. An empty configuration (F5, no launch.json)
 * becomes "run the current file" when a Lua file is active.
 */
export function resolveBeforeSubstitution(
  config: Partial<LaunchConfig>,
  activeIsLua: boolean,
): Resolved {
  const empty = !config.type && !config.request && !config.name;
  const c: LaunchConfig = empty && activeIsLua
    ? { ...currentFileConfig(), ...stripUndefined(config) }
    : { type: DEBUG_TYPE, request: "launch", name: "Lua (snapshot)", ...stripUndefined(config) };
  if (typeof c.program !== "string" || c.program.trim() === "") {
    return {
      error: empty
        ? "Open a Lua file to debug it, or add a launch configuration with a \"program\"."
        : "The launch configuration has no \"program\": set it to the Lua script to run.",
    };
  }
  return { config: c };
}

/**
 * After variable substitution: a relative program is resolved against the
 * workspace folder; a missing cwd is the workspace folder, else the
 * program's folder (what `cd there && lua file.lua` would use).
 */
export function resolveAfterSubstitution(config: LaunchConfig, folderPath: string | undefined): LaunchConfig {
  const c: LaunchConfig = { ...config };
  const program = c.program;
  if (typeof program === "string" && !nodePath.isAbsolute(program) && folderPath) {
    c.program = nodePath.join(folderPath, program);
  }
  if (typeof c.cwd !== "string" || c.cwd === "") {
    const base = folderPath ?? (typeof c.program === "string" ? nodePath.dirname(c.program) : undefined);
    if (base) c.cwd = base;
  }
  return c;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
