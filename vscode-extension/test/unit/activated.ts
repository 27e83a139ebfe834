/**
 * The extension activated on the fake `vscode` for each test of a
 * `describe`: call `activated()` in its body, read the API through the
 * returned function. Everything it registered is disposed after each test.
 */
import { control } from "./vscodeFake";
import type { ExtensionContext } from "vscode";
import { activate, type LuaSnapshotApi } from "../../src/extension";

export function activated(): () => LuaSnapshotApi {
  let api: LuaSnapshotApi | undefined;
  let subscriptions: { dispose(): void }[] = [];
  beforeEach(() => {
    control.reset();
    subscriptions = [];
    api = activate({ subscriptions, extensionPath: "/nonexistent/ext" } as unknown as ExtensionContext);
  });
  afterEach(() => {
    for (const d of subscriptions) d.dispose();
  });
  return () => {
    if (!api) throw new Error("activated() is read outside a test");
    return api;
  };
}
