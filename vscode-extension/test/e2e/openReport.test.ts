/**
 * End-to-end: a leak report file, without a debug session, in a real VS
 * Code (code-server; run by scripts/e2e.sh after debugLeak.test.ts). The
 * report is what `lua-snapshot run --leaks --json leaky.lua` writes (a
 * host writes the same with lsnapshot). The user runs "Open Lua Leak
 * Report…" from the command palette, types the file's path in the open
 * dialog, and sees the report in the Lua Snapshots view and its leaked
 * closures in the Problems panel at their line; a click on the function
 * in the tree opens it.
 */

import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { e2eEnv, lineOf, openBrowser, type Workbench } from "./workbench";

const FILE = "leaky.lua";
const REPORT = "leak-report.json";
const ADAPTER = path.resolve(__dirname, "..", "..", "..", "target", "release", "lua-snapshot");

describe("Open Lua Leak Report… in VS Code (code-server)", function () {
  const env = e2eEnv();
  const program = path.join(env.workspace, FILE);
  const report = path.join(env.workspace, REPORT);
  const closureLine = lineOf(program, "closure");

  let browser: Browser | undefined;
  let wb: Workbench;

  before(async function () {
    // As a user would make it: run the script from its folder, keep the JSON.
    const json = execFileSync(ADAPTER, ["run", "--leaks", "--json", FILE], { cwd: env.workspace, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    fs.writeFileSync(report, json);
    ({ browser, wb } = await openBrowser(env));
  });

  afterEach(async function () {
    if (this.currentTest?.state !== "failed") return;
    const name = `failure-report-${this.currentTest.title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")}.png`;
    console.error(`    screenshot of the failure: ${await wb.screenshot(env.artifacts, name).catch(String)}`);
  });

  after(async function () {
    await browser?.close();
  });

  it("opens the report from the command palette and the open dialog", async function () {
    const { page } = wb;
    await wb.open(env.url);
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: REPORT }).waitFor({ timeout: 60_000 });
    await wb.runCommand("Lua Snapshot: Open Lua Leak Report…");
    // The workbench's own open dialog: a path box, prefilled with the workspace folder.
    await page.locator(".quick-input-title", { hasText: "Open Lua Leak Report" }).waitFor();
    const input = page.locator(".quick-input-widget .quick-input-box input");
    await input.fill(report);
    await page.locator(`.quick-input-list .monaco-list-row[aria-label^=${JSON.stringify(REPORT)}]`).first().waitFor();
    // The dialog may still be checking the typed path when Enter comes (it
    // then keeps the box open): Enter again until it closes.
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press("Enter");
      const closed = await page
        .locator(".quick-input-widget")
        .waitFor({ state: "hidden", timeout: 5000 })
        .then(() => true, () => false);
      if (closed) break;
      assert.ok(attempt < 5, "the open dialog did not take the report's path");
    }
  });

  it("shows the report in the Lua Snapshots view; a click on the function opens its line", async function () {
    const { page } = wb;
    await page.keyboard.press("Control+Shift+D");
    await wb.setPaneExpanded("Lua Snapshots", true);
    const tree = wb.pane("Lua Snapshots");
    const reportRow = tree.locator(`.monaco-list-row[aria-label^=${JSON.stringify(`Leak report ${report}`)}]`);
    await reportRow.waitFor();
    assert.match(await reportRow.locator(".label-description").innerText(), /^leak report · \d+ objects \(/);
    // Folded by dominator: the new `Handlers` table is the one entry, and
    // retains the closures; open it to reach them.
    const holder = tree.locator(".monaco-list-row[aria-level=\"2\"]", { hasText: /table 0x/ }).first();
    await holder.waitFor();
    if ((await holder.getAttribute("aria-expanded")) !== "true") await holder.locator(".monaco-tl-twistie").click();
    const fn = tree
      .locator(".monaco-list-row")
      .filter({ has: page.locator(".label-name").getByText(`function ${FILE}:${closureLine}`, { exact: true }) })
      .first();
    await fn.waitFor();
    await fn.click();
    await page.locator(`.tabs-container .tab.active[aria-label^=${JSON.stringify(FILE)}]`).waitFor();
    await wb.waitForText(wb.cursorPosition, `Ln ${closureLine}, Col 1`);
    await wb.screenshot(env.artifacts, "report-tree.png");
  });

  it(`puts the leaked closures in the Problems panel at ${FILE}:${closureLine}`, async function () {
    const { page } = wb;
    await wb.leakWarning(3, closureLine);
    const fileRow = wb.markers.filter({ has: page.locator(`.monaco-icon-label[aria-label=${JSON.stringify(program)}]`) });
    await fileRow.waitFor();
    await wb.screenshot(env.artifacts, "report-problems.png");
  });
});
