/**
 * End-to-end: attach VS Code to a running game (code-server; run by
 * scripts/e2e.sh). The C host of tests/host/ runs game.lua (a copy of
 * tests/dap/attach_game.lua put in the workspace), which opens its debug
 * server with lsnapshot.listen; launch.json gets an
 * attach configuration with that port, as the snippet writes it. The user
 * starts it from "Debug: Select and Start Debugging", takes two snapshots
 * with the debug toolbar's camera, diffs them with its diff button, and
 * finds the leaked closure in the Problems panel at game.lua's line; then
 * disconnects, and the game runs on. (Named to run last: its session
 * stays in the Lua Snapshots view.)
 */

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { GameHost } from "../support/gameHost";
import { e2eEnv, lineOf, openBrowser, type Workbench } from "./workbench";

const NAME = "Attach to the game";
const FILE = "game.lua";

describe("Attach to a running game host, in VS Code (code-server)", function () {
  const env = e2eEnv();
  const game = path.join(env.workspace, FILE);
  const source = path.resolve(__dirname, "..", "..", "..", "tests", "dap", "attach_game.lua");
  const leakLine = lineOf(source, "leak");
  let browser: Browser | undefined;
  let wb: Workbench;
  let host: GameHost | undefined;

  before(async function () {
    fs.copyFileSync(source, game);
    host = await GameHost.start(game, env.workspace);
    const file = path.join(env.workspace, ".vscode", "launch.json");
    const launch = JSON.parse(fs.readFileSync(file, "utf8")) as { configurations: unknown[] };
    launch.configurations.push({ type: "lua-snapshot", request: "attach", name: NAME, host: "127.0.0.1", port: host.port });
    fs.writeFileSync(file, JSON.stringify(launch, null, 2));
    ({ browser, wb } = await openBrowser(env));
  });

  afterEach(async function () {
    if (this.currentTest?.state !== "failed") return;
    console.error(`    screenshot of the failure: ${await wb.screenshot(env.artifacts, "failure-host-attach.png").catch(String)}`);
  });

  after(async function () {
    await browser?.close();
    host?.kill();
  });

  const row = (text: string) => wb.pane("Lua Snapshots").locator(`.monaco-list-row[aria-label^=${JSON.stringify(text)}]`);
  const toolbarButton = (title: string) => wb.page.locator(`.debug-toolbar .action-label[aria-label^=${JSON.stringify(title)}]`);

  it("attaches, snapshots twice, diffs, and shows the leak at game.lua's line; the game runs on after disconnect", async function () {
    const { page } = wb;
    await wb.open(env.url);
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: FILE }).waitFor({ timeout: 60_000 });
    await wb.runCommand("Debug: Select and Start Debugging");
    await wb.typeAndAccept(NAME, NAME);
    // Attached: the toolbar of an attach session disconnects, not stops.
    await toolbarButton("Disconnect").waitFor({ timeout: 60_000 });
    // Nothing stopped, so VS Code did not switch views: open Run and Debug.
    await wb.runCommand("View: Show Run and Debug");
    await wb.setPaneExpanded("Lua Snapshots", true);

    await toolbarButton("Take Lua Snapshot").click();
    await row("Snapshot #1 ").waitFor();
    await page.waitForTimeout(500); // some frames, each leaking a closure
    await toolbarButton("Take Lua Snapshot").click();
    await row("Snapshot #2 ").waitFor();

    await toolbarButton("Diff Lua Snapshots…").click();
    await page.locator(".quick-input-title", { hasText: "Diff Lua Snapshots: pick two" }).waitFor();
    await page.locator('.quick-input-list .monaco-list-row[role="checkbox"][aria-label^="#1 "][aria-checked="true"]').waitFor();
    await page.locator('.quick-input-list .monaco-list-row[role="checkbox"][aria-label^="#2 "][aria-checked="true"]').waitFor();
    await page.keyboard.press("Enter");
    await wb.pane("Lua Snapshots").locator(".monaco-list-row", { hasText: /^#1 → #2: \+\d+ objects?/ }).waitFor();

    await page.keyboard.press("Control+Shift+M");
    const leak = wb.markers.filter({ hasText: /\d+ closures created here are still alive/ });
    await leak.waitFor();
    const text = await leak.innerText();
    assert.ok(text.includes("leaked-closure"), text);
    assert.ok(text.includes(`[Ln ${leakLine}, Col 1]`), text);
    const fileRow = wb.markers.filter({ has: page.locator(`.monaco-icon-label[aria-label=${JSON.stringify(game)}]`) });
    await fileRow.waitFor();
    await wb.screenshot(env.artifacts, "host-attach-problems.png");

    await toolbarButton("Disconnect").click();
    await toolbarButton("Disconnect").waitFor({ state: "hidden" });
    // Detached, not ended: the game still answers, and ends when told.
    assert.equal(await host?.stop(), 0);
  });
});
