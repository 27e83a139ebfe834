/**
 * End-to-end: the packaged extension in a real VS Code (code-server),
 * driven like a person would. Run by scripts/e2e.sh (`npm run test:e2e`),
 * which starts code-server on test/e2e/fixture and sets E2E_*.
 *
 * The story: open leaky.lua, breakpoint in its loop, F5, "Take Lua
 * Snapshot", F5 (next iteration), "Take Lua Snapshot", "Diff Lua
 * Snapshots…" with the preselected pair; the Problems panel shows the
 * leaked closure at its definition line, and a click on the function in
 * the "Lua Snapshots" tree opens the editor there.
 *
 * The steps share one browser page and run in order (`bail`: a failed step
 * stops the run). A failed step leaves target/e2e/failure-<step>.png.
 */

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { e2eEnv, launchBrowser, lineOf, Workbench } from "./workbench";

const FILE = "leaky.lua";

describe("Lua Snapshot in VS Code (code-server)", function () {
  const env = e2eEnv();
  const program = path.join(env.workspace, FILE);
  /** The loop line where the program stops on each iteration. */
  const tickLine = lineOf(program, "tick");
  /** Where the leaked closure is defined. */
  const closureLine = lineOf(program, "closure");

  let browser: Browser | undefined;
  let wb: Workbench;
  const pageErrors: string[] = [];

  before(async function () {
    fs.mkdirSync(env.artifacts, { recursive: true });
    browser = await launchBrowser(env);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.setDefaultTimeout(30_000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    wb = new Workbench(page);
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state !== "failed") return;
    const name = `failure-${test.title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")}.png`;
    try {
      const file = await wb.screenshot(env.artifacts, name);
      console.error(`    screenshot of the failure: ${file}`);
    } catch (e) {
      console.error(`    no failure screenshot: ${String(e)}`);
    }
    if (pageErrors.length > 0) console.error(`    page errors:\n      ${pageErrors.join("\n      ")}`);
  });

  after(async function () {
    await browser?.close();
  });

  it("opens the workspace and leaky.lua (Ctrl+P)", async function () {
    await wb.open(env.url);
    // The explorer lists the workspace once the remote file system answers.
    await wb.page.locator(".explorer-folders-view .monaco-list-row", { hasText: FILE }).waitFor({ timeout: 60_000 });
    await wb.widenSideBar(200);
    await wb.quickOpen(FILE);
  });

  it(`stops at a breakpoint in the loop (Ctrl+G, F9, F5)`, async function () {
    const { page } = wb;
    await wb.goToLine(tickLine);
    await page.keyboard.press("F9");
    await page.locator(".glyph-margin-widgets .codicon-debug-breakpoint").waitFor();
    await page.keyboard.press("F5");
    // The Run and Debug view opens on the break: the call stack's top frame is at the loop line.
    const stack = wb.pane("Call Stack");
    await stack.locator(`.monaco-list-row[aria-label*=${JSON.stringify(`line ${tickLine}, ${FILE}`)}]`).waitFor({
      timeout: 60_000,
    });
    await stack.locator(".pane-header", { hasText: "Paused on breakpoint" }).waitFor();
    await page.locator('.debug-toolbar .action-label[aria-label^="Continue"]').waitFor();
    // Locals show which iteration this is.
    await wb.setPaneExpanded("Lua Snapshots", true);
    await wb.setPaneExpanded("Watch", false);
    await wb.setPaneExpanded("Breakpoints", false);
    const locals = wb.pane("Variables").locator('.monaco-list-row[aria-label="Scope Locals"]');
    if ((await locals.getAttribute("aria-expanded")) !== "true") await locals.click();
    await wb.pane("Variables").locator('.monaco-list-row[aria-label="i, value 1"]').waitFor();
  });

  it("takes a snapshot, continues (F5) to the next iteration, takes another", async function () {
    const { page } = wb;
    const snapshots = wb.pane("Lua Snapshots");
    const snapshotRow = (id: number) =>
      snapshots.locator(`.monaco-list-row[aria-label^=${JSON.stringify(`Snapshot #${id} "${FILE}:${tickLine}"`)}]`);

    await wb.runCommand("Lua Snapshot: Take Lua Snapshot");
    await snapshotRow(1).waitFor();
    await page.keyboard.press("F5");
    await wb.pane("Variables").locator('.monaco-list-row[aria-label="i, value 2"]').waitFor();
    await page.locator('.debug-toolbar .action-label[aria-label^="Continue"]').waitFor();
    await wb.runCommand("Lua Snapshot: Take Lua Snapshot");
    await snapshotRow(2).waitFor();
  });

  it(`diffs them: the Problems panel shows the leak at ${FILE}:${closureLine}`, async function () {
    const { page } = wb;
    await wb.runCommand("Lua Snapshot: Diff Lua Snapshots…");
    // The pick of two snapshots, the last two already checked: Enter accepts them.
    await page.locator(".quick-input-title", { hasText: "Diff Lua Snapshots: pick two" }).waitFor();
    const checked = page.locator('.quick-input-list .monaco-list-row[role="checkbox"][aria-checked="true"]');
    await page.locator('.quick-input-list .monaco-list-row[role="checkbox"][aria-label^="#1 "][aria-checked="true"]').waitFor();
    await page.locator('.quick-input-list .monaco-list-row[role="checkbox"][aria-label^="#2 "][aria-checked="true"]').waitFor();
    assert.equal(await checked.count(), 2);
    await page.keyboard.press("Enter");
    await wb.pane("Lua Snapshots").locator(".monaco-list-row", { hasText: /^#1 → #2: \+\d+ objects?/ }).waitFor();

    await page.keyboard.press("Control+Shift+M");
    const markers = page.locator(".markers-panel .monaco-list-row");
    const fileRow = markers.filter({ has: page.locator(`.monaco-icon-label[aria-label=${JSON.stringify(program)}]`) });
    await fileRow.waitFor();
    assert.match((await fileRow.getAttribute("aria-label")) ?? "", new RegExp(`^1 problems? in file ${FILE.replace(".", "\\.")}`));
    const leak = markers.filter({ hasText: "1 closure created here is still alive" });
    await leak.waitFor();
    const aria = (await leak.getAttribute("aria-label")) ?? "";
    assert.match(aria, /^Warning: 1 closure created here is still alive \(\d+ B incl\. upvalues\), held by Root->/);
    assert.ok(aria.includes(`at line ${closureLine} and character 1.`), aria);
    assert.ok(aria.endsWith("generated by lua-snapshot"), aria);
    // The row as displayed: message, source(code), position.
    const text = await leak.innerText();
    assert.ok(text.includes("lua-snapshot"), text);
    assert.ok(text.includes("leaked-closure"), text);
    assert.ok(text.includes(`[Ln ${closureLine}, Col 1]`), text);
    // The leak row belongs to leaky.lua's group (the next row) and is the only problem.
    assert.equal(await leak.getAttribute("aria-level"), "2");
    assert.equal(await markers.count(), 2, (await wb.rowLabels(markers)).join("\n"));
    await wb.screenshot(env.artifacts, "problems.png");
  });

  it(`opens ${FILE}:${closureLine} from the function in the Lua Snapshots tree`, async function () {
    const { page } = wb;
    // Start from no open editor: the click has to open the file itself.
    await wb.runCommand("View: Close All Editors");
    await page.locator(".tabs-container .tab").first().waitFor({ state: "detached" });

    const tree = wb.pane("Lua Snapshots");
    await wb.setPaneExpanded("Variables", false);
    const fn = tree
      .locator(".monaco-list-row")
      .filter({ has: page.locator(".label-name").getByText(`function ${FILE}:${closureLine}`, { exact: true }) });
    await fn.waitFor();
    assert.ok(((await fn.getAttribute("aria-label")) ?? "").includes(`defined at ${FILE}:${closureLine}`));
    await fn.click();

    await page.locator(`.tabs-container .tab.active[aria-label^=${JSON.stringify(FILE)}]`).waitFor();
    await wb.waitForText(wb.cursorPosition, `Ln ${closureLine}, Col 1`);
    await wb.screenshot(env.artifacts, "tree.png");
  });
});
