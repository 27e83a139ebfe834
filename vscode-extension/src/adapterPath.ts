/**
 * Which `lua-snapshot` binary to run as the debug adapter. Pure: the file
 * system checks are in `adapterFactory.ts`.
 *
 * The setting wins (a binary the user built); otherwise the one shipped in
 * the extension at `bin/lua-snapshot` (`.exe` on Windows).
 */

import * as nodePath from "node:path";

export interface AdapterCandidate {
  path: string;
  /** True when the path comes from `luaSnapshot.adapterPath`. */
  fromSetting: boolean;
}

export function adapterCandidate(
  setting: string | undefined,
  extensionPath: string,
  platform: NodeJS.Platform,
  home: string,
): AdapterCandidate {
  const s = setting?.trim() ?? "";
  if (s !== "") {
    // `~` is a shell feature, but users type it in settings anyway.
    const expanded = s === "~" || s.startsWith("~/") ? nodePath.join(home, s.slice(1)) : s;
    return { path: expanded, fromSetting: true };
  }
  const exe = platform === "win32" ? "lua-snapshot.exe" : "lua-snapshot";
  return { path: nodePath.join(extensionPath, "bin", exe), fromSetting: false };
}

/** The message shown when the binary is not there. */
export function missingAdapterMessage(c: AdapterCandidate): string {
  const where = `Lua Snapshot: the debug adapter was not found at "${c.path}"`;
  return c.fromSetting
    ? `${where} (the "luaSnapshot.adapterPath" setting). Set it to the path of the lua-snapshot binary, e.g. <repo>/target/release/lua-snapshot after "cargo build --release -p lua-snapshot".`
    : `${where}. Set "luaSnapshot.adapterPath" to the path of the lua-snapshot binary, e.g. <repo>/target/release/lua-snapshot after "cargo build --release -p lua-snapshot".`;
}
