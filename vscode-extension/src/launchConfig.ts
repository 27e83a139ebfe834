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

/** The launch and attach attributes the adapter knows (package.json documents them). */
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
  /** Launch: whose binary runs the script (`runtime.ts`, checked by `parseRuntime`); ignored by attach. */
  runtime?: unknown;
  /** Attach: the host's DAP server. */
  host?: string;
  port?: unknown;
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

/** Where an attach session connects when the configuration names no host. */
export const DEFAULT_HOST = "127.0.0.1";

export interface AttachTarget {
  host: string;
  port: number;
}

const NO_PORT =
  'The attach configuration has no "port": set it to the port the host listens on (require("lsnapshot").listen{port = N} in the host).';

/**
 * The host and port of an attach configuration. The port may be a string
 * of digits (what `${input:…}` substitution gives).
 */
export function attachTarget(config: { port?: unknown; host?: unknown }): AttachTarget | { error: string } {
  const raw = config.port;
  if (raw === undefined || raw === null || raw === "") return { error: NO_PORT };
  const port = typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    return { error: `The attach configuration's "port" must be a whole number from 1 to 65535, not ${JSON.stringify(raw)}.` };
  }
  const host = typeof config.host === "string" && config.host.trim() !== "" ? config.host.trim() : DEFAULT_HOST;
  return { host, port };
}

/** Before substitution, an attach configuration: only the port is required (it may still be a variable). */
function resolveAttachBefore(config: Partial<LaunchConfig>): Resolved {
  const c: LaunchConfig = { type: DEBUG_TYPE, request: "attach", name: "Lua (snapshot): attach", ...stripUndefined(config) };
  if (c.port === undefined || c.port === null || c.port === "") return { error: NO_PORT };
  return { config: c };
}

/**
 * After substitution, an attach configuration: the port checked and made
 * a number, the host defaulted, and cwd (what relative sources in the
 * host's paths are resolved against) defaulted to the workspace folder.
 */
export function resolveAttachAfter(config: LaunchConfig, folderPath: string | undefined): Resolved {
  const target = attachTarget(config);
  if ("error" in target) return target;
  const c: LaunchConfig = { ...config, host: target.host, port: target.port };
  if ((typeof c.cwd !== "string" || c.cwd === "") && folderPath) c.cwd = folderPath;
  return { config: c };
}

/**
 * Before variable substitution. An empty configuration (F5, no launch.json)
 * becomes "run the current file" when a Lua file is active.
 */
export function resolveBeforeSubstitution(
  config: Partial<LaunchConfig>,
  activeIsLua: boolean,
): Resolved {
  if (config.request === "attach") return resolveAttachBefore(config);
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
