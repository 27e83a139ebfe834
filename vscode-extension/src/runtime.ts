/**
 * The Lua runtimes the extension can launch a script on. mlua builds one
 * Lua per binary, so each runtime is its own `lua-snapshot` binary (same
 * command line, same DAP); the launch attribute `runtime` picks it.
 *
 * This table is the one list: the adapter path (`adapterPath.ts`), the
 * packaging script (`scripts/copy-adapter.ts`) and the adapter tests read
 * it, and a unit test checks that package.json's `runtime` enum matches it.
 * A new runtime is one entry here and one value in package.json.
 */

export interface RuntimeInfo {
  /** What users call it, in messages. */
  readonly name: string;
  /** The binary's file name (without `.exe`), in the bundle and in target/release/. */
  readonly binary: string;
}

export const RUNTIMES = {
  "lua5.4": { name: "Lua 5.4", binary: "lua-snapshot" },
  luajit: { name: "LuaJIT 2.1", binary: "lua-snapshot-luajit" },
  "lua5.3": { name: "Lua 5.3", binary: "lua-snapshot-5.3" },
  "lua5.1": { name: "Lua 5.1", binary: "lua-snapshot-5.1" },
} as const satisfies Record<string, RuntimeInfo>;

export type Runtime = keyof typeof RUNTIMES;

/** A launch configuration without `runtime` runs on Lua 5.4 (what it always did). */
export const DEFAULT_RUNTIME: Runtime = "lua5.4";

export function isRuntime(value: string): value is Runtime {
  return Object.hasOwn(RUNTIMES, value);
}

/** Every runtime, the default first. */
export function runtimes(): Runtime[] {
  return Object.keys(RUNTIMES).filter(isRuntime);
}

/** The binary's file name on `platform`. */
export function binaryName(runtime: Runtime, platform: NodeJS.Platform): string {
  const base = RUNTIMES[runtime].binary;
  return platform === "win32" ? `${base}.exe` : base;
}

/**
 * The `runtime` attribute of a launch configuration: absent (or empty)
 * is the default; anything else must name a runtime of the table.
 */
export function parseRuntime(value: unknown): { runtime: Runtime } | { error: string } {
  if (value === undefined || value === null || value === "") return { runtime: DEFAULT_RUNTIME };
  if (typeof value === "string" && isRuntime(value)) return { runtime: value };
  const known = runtimes()
    .map((r) => `"${r}" (${RUNTIMES[r].name})`)
    .join(", ");
  return { error: `The launch configuration's "runtime" is ${JSON.stringify(value)}: use one of ${known}.` };
}

/**
 * Why a `restart` request cannot go to the running adapter, if it cannot.
 * VS Code sends the configuration as it is now (`arguments.arguments`),
 * but the process is one runtime's binary: a restart onto another runtime
 * would silently run on the old one.
 */
export function restartRefusal(message: { command?: string; arguments?: unknown }, running: Runtime): string | undefined {
  if (message.command !== "restart") return undefined;
  const args = message.arguments;
  if (typeof args !== "object" || args === null || !("arguments" in args)) return undefined;
  const config = args.arguments;
  if (typeof config !== "object" || config === null) return undefined;
  const wanted = parseRuntime("runtime" in config ? config.runtime : undefined);
  if ("error" in wanted) return wanted.error;
  if (wanted.runtime === running) return undefined;
  return (
    `The launch configuration's "runtime" is now "${wanted.runtime}" (${RUNTIMES[wanted.runtime].name}), but this ` +
    `session's adapter runs ${RUNTIMES[running].name}: stop the session and start it again to switch runtimes.`
  );
}
