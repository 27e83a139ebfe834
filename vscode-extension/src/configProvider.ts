/**
 * Launch configurations: F5 on a Lua file with no launch.json, the
 * "create launch.json" template, and one dynamic configuration per open
 * Lua file (the "Select and Start Debugging" list). The decisions are in
 * `launchConfig.ts`; this file only asks VS Code for the facts.
 */

import * as vscode from "vscode";
import { showAdapterProblem } from "./adapterFactory";
import {
  currentFileConfig,
  fileConfig,
  resolveAfterSubstitution,
  resolveAttachAfter,
  resolveBeforeSubstitution,
} from "./launchConfig";
import { parseRuntime, type Runtime } from "./runtime";

function activeIsLua(): boolean {
  return vscode.window.activeTextEditor?.document.languageId === "lua";
}

/** Used for `launch.json` creation (trigger kind Initial). */
export class InitialConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(
    /** What is wrong with the debug adapter of a runtime, if anything. */
    private readonly adapterProblem: (runtime: Runtime) => string | undefined = () => undefined,
    private readonly log?: vscode.LogOutputChannel,
  ) {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ ...currentFileConfig(), cwd: "${workspaceFolder}" }];
  }

  resolveDebugConfiguration(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    const r = resolveBeforeSubstitution(config, activeIsLua());
    if ("error" in r) {
      void vscode.window.showErrorMessage(`Lua Snapshot: ${r.error}`);
      // undefined aborts the launch; VS Code shows nothing more.
      return undefined;
    }
    return r.config;
  }

  resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    const folderPath = folder?.uri.scheme === "file" ? folder.uri.fsPath : undefined;
    // An attach session runs no adapter of ours (the host is the adapter,
    // on its own Lua): no binary to check, and `runtime` is ignored there.
    if (config.request !== "attach") return this.launchAfter(config, folderPath);
    const r = resolveAttachAfter(config, folderPath);
    if ("error" in r) {
      void vscode.window.showErrorMessage(`Lua Snapshot: ${r.error}`);
      return undefined;
    }
    return r.config;
  }

  /**
   * Checked once `runtime` is known (it may be a `${input:…}`), still
   * before the session exists: one message of ours instead of ours plus
   * VS Code's "Couldn't find a debug adapter descriptor".
   */
  private launchAfter(config: vscode.DebugConfiguration, folderPath: string | undefined): vscode.DebugConfiguration | undefined {
    const runtime = parseRuntime(config.runtime);
    if ("error" in runtime) {
      void vscode.window.showErrorMessage(`Lua Snapshot: ${runtime.error}`);
      return undefined;
    }
    const problem = this.adapterProblem(runtime.runtime);
    if (problem !== undefined) {
      this.log?.error(problem);
      showAdapterProblem(problem);
      return undefined;
    }
    return resolveAfterSubstitution(config, folderPath);
  }
}

/** Used for the dynamic list (trigger kind Dynamic): every Lua file open in an editor. */
export class DynamicConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const seen = new Set<string>();
    const configs: vscode.DebugConfiguration[] = [];
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.languageId !== "lua" || doc.uri.scheme !== "file" || seen.has(doc.uri.fsPath)) continue;
      seen.add(doc.uri.fsPath);
      configs.push(fileConfig(doc.uri.fsPath));
    }
    return configs;
  }
}
