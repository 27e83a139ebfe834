/**
 * Which `lua-snapshot` binary to run as the debug adapter of a runtime.
 * Pure: the file system checks are in `adapterFactory.ts` (it passes
 * whether the setting names a folder).
 *
 * Each runtime has its own binary (`runtime.ts`). Where it is looked for:
 * - `luaSnapshot.adapterPath` empty: in the extension's `bin/` (the bundle
 *   carries one binary per runtime);
 * - the setting names a folder (e.g. `<repo>/target/release`, where
 *   `scripts/build-all.sh` writes them): that folder, under the runtime's
 *   binary name;
 * - the setting names a file: that file is the Lua 5.4 binary (what the
 *   setting meant before there were runtimes, so those settings keep
 *   working), and the other runtimes' binaries are looked for beside it
 *   under their names.
 */

import * as nodePath from "node:path";
import { binaryName, DEFAULT_RUNTIME, RUNTIMES, runtimes, type Runtime } from "./runtime";

export const ADAPTER_SETTING = "luaSnapshot.adapterPath";

/** Where a candidate path comes from (the message when it is missing depends on it). */
export type AdapterSource = "bundled" | "settingFolder" | "settingFile" | "besideSettingFile";

export interface AdapterCandidate {
  path: string;
  runtime: Runtime;
  source: AdapterSource;
  /** The setting's value (`~` expanded), when the path comes from it. */
  setting?: string;
}

export interface AdapterLookup {
  /** The value of `luaSnapshot.adapterPath`. */
  setting: string | undefined;
  runtime: Runtime;
  extensionPath: string;
  platform: NodeJS.Platform;
  home: string;
  /** Whether a path is an existing folder. */
  isDirectory: (path: string) => boolean;
}

export function adapterCandidate(l: AdapterLookup): AdapterCandidate {
  const exe = binaryName(l.runtime, l.platform);
  const s = l.setting?.trim() ?? "";
  if (s === "") {
    return { path: nodePath.join(l.extensionPath, "bin", exe), runtime: l.runtime, source: "bundled" };
  }
  // `~` is a shell feature, but users type it in settings anyway.
  const setting = s === "~" || s.startsWith("~/") ? nodePath.join(l.home, s.slice(1)) : s;
  // A trailing separator says "folder" even before the folder exists.
  if (/[\\/]$/.test(setting) || l.isDirectory(setting)) {
    return { path: nodePath.join(setting, exe), runtime: l.runtime, source: "settingFolder", setting };
  }
  if (l.runtime === DEFAULT_RUNTIME) return { path: setting, runtime: l.runtime, source: "settingFile", setting };
  return { path: nodePath.join(nodePath.dirname(setting), exe), runtime: l.runtime, source: "besideSettingFile", setting };
}

const BUILD = "scripts/build-all.sh";

/** The binary names, for messages: `lua-snapshot` (Lua 5.4), `lua-snapshot-luajit` (LuaJIT 2.1). */
function allBinaries(): string {
  return runtimes()
    .map((r) => `${RUNTIMES[r].binary} (${RUNTIMES[r].name})`)
    .join(", ");
}

/** The message shown when the binary is not there: which path, why that one, and what to do. */
export function missingAdapterMessage(c: AdapterCandidate): string {
  const { name, binary } = RUNTIMES[c.runtime];
  const where = `Lua Snapshot: the debug adapter was not found at "${c.path}"`;
  const what = `the ${name} binary, for "runtime": "${c.runtime}"`;
  const fix =
    `Build it with ${BUILD} in a lua-snapshot checkout (it writes target/release/${binary}), ` +
    `then set "${ADAPTER_SETTING}" to that target/release folder.`;
  switch (c.source) {
    case "bundled":
      return `${where} (${what}; this extension was packaged without it). ${fix}`;
    case "settingFolder":
      return `${where} (${what}, in the folder the "${ADAPTER_SETTING}" setting names). ${fix}`;
    case "settingFile":
      return (
        `${where} (the "${ADAPTER_SETTING}" setting). Set it to the folder of the lua-snapshot binaries ` +
        `(${allBinaries()}), e.g. <repo>/target/release after ${BUILD}, or to the ${binary} binary itself.`
      );
    case "besideSettingFile":
      return (
        `${where} (${what}: looked for beside "${c.setting ?? ""}", the ${RUNTIMES[DEFAULT_RUNTIME].name} binary ` +
        `the "${ADAPTER_SETTING}" setting names). ${fix} A folder setting finds every runtime's binary by its name: ${allBinaries()}.`
      );
  }
}
