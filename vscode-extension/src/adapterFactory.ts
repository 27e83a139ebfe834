/**
 * Starts the debug adapter: `lua-snapshot dap`, speaking DAP over stdio.
 *
 * When the binary is missing we say which path was tried and how to set
 * `luaSnapshot.adapterPath`, and return undefined so VS Code does not
 * start anything (a spawn error would only say "ENOENT").
 */

import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import { adapterCandidate, missingAdapterMessage, type AdapterCandidate } from "./adapterPath";

const SETTING = "luaSnapshot.adapterPath";

/** Is the file there and runnable? Tries once to restore a lost executable bit on the bundled binary. */
function check(c: AdapterCandidate): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(c.path);
  } catch {
    return missingAdapterMessage(c);
  }
  if (!stat.isFile()) return missingAdapterMessage(c);
  if (process.platform === "win32") return undefined;
  try {
    fs.accessSync(c.path, fs.constants.X_OK);
    return undefined;
  } catch {
    // A .vsix packed on Windows, or unzipped by a tool that drops modes.
    if (!c.fromSetting) {
      try {
        fs.chmodSync(c.path, 0o755);
        return undefined;
      } catch {
        /* reported below */
      }
    }
    return `Lua Snapshot: the debug adapter "${c.path}" is not executable (chmod +x it), or set "${SETTING}" to another lua-snapshot binary.`;
  }
}

export class AdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The binary that would be used, checked; exposed for tests and diagnostics. */
  resolve(): { candidate: AdapterCandidate; problem?: string } {
    const setting = vscode.workspace.getConfiguration().get<string>(SETTING);
    const candidate = adapterCandidate(setting, this.extensionPath, process.platform, os.homedir());
    const problem = check(candidate);
    return problem === undefined ? { candidate } : { candidate, problem };
  }

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const { candidate, problem } = this.resolve();
    if (problem !== undefined) {
      this.log.error(problem);
      // Not awaited: the session start must not wait for the user to read it.
      void vscode.window.showErrorMessage(problem, "Open Settings").then((choice) => {
        if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", SETTING);
      });
      return undefined;
    }
    this.log.info(`debug adapter: ${candidate.path} dap`);
    return new vscode.DebugAdapterExecutable(candidate.path, ["dap"]);
  }
}
