/**
 * End-to-end: the packaged extension in a real VS Code (code-server),
 * driven like a person would. Run by scripts/e2e.sh (`npm run test:e2e`),
 * which starts code-server on test/e2e/fixture and sets E2E_*.
 *
 * The story (launch.json has `snapshotOnStop`): open leaky.lua, breakpoint
 * in its loop, F5; the first stop's snapshot is listed as the baseline.
 * The debug toolbar's camera takes a snapshot; F5, F5: the diffs from the
 * baseline grow with every stop, and the Problems panel shows the leaked
 * closures at their definition line. The toolbar's diff button diffs the
 * baseline and the newest; a click on the function in the tree opens the
 * editor there; "Mark as Baseline" from the context menu moves the
 * baseline. The program ends: its snapshots stay in the tree, and the
 * view's diff button and a row's export button still work. A wrong
 * adapterPath gives one error whose button opens the settings where the
 * setting is shown. The output channel logged no error.
 *
 * The steps share one browser page and run in order (`bail`: a failed step
 * stops the run). A failed step leaves target/e2e/failure-<step>.png.
 */

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { e2eEnv, lineOf, openBrowser, type Workbench } from "./workbench";

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
    ({ browser, wb } = await openBrowser(env));
    wb.page.on("pageerror", (e) => pageErrors.push(e.message));
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

  /** A row of the Lua Snapshots tree whose aria-label (its tooltip) starts with `text`. */
  const row = (text: string) => wb.pane("Lua Snapshots").locator(`.monaco-list-row[aria-label^=${JSON.stringify(text)}]`);
  /** A diff row of the tree, by its label (`#1 → #3: +2 objects`). */
  const diffRows = (from: number, to: number) =>
    wb.pane("Lua Snapshots").locator(".monaco-list-row", { hasText: new RegExp(`^#${from} → #${to}: \\+\\d+ objects?`) });
  /** The added-object count of the first diff row from..to. */
  async function addedCount(from: number, to: number): Promise<number> {
    const text = await diffRows(from, to).first().innerText();
    const m = /: \+(\d+) objects?/.exec(text);
    assert.ok(m, text);
    return Number(m[1]);
  }
  /** A button of the floating debug toolbar, by its title. */
  const toolbarButton = (title: string) => wb.page.locator(`.debug-toolbar .action-label[aria-label^=${JSON.stringify(title)}]`);

  it("lists the first stop's snapshot as the baseline, labelled with its location and hit", async function () {
    const first = row(`Snapshot #1 "${FILE}:${tickLine} · hit 1" (baseline`);
    await first.waitFor();
    assert.equal(await first.locator(".label-name").innerText(), `${FILE}:${tickLine} · hit 1`);
    assert.match(await first.locator(".label-description").innerText(), /^#1 · baseline · \d+ objects · /);
  });

  it("takes a snapshot with the debug toolbar's camera button", async function () {
    await toolbarButton("Take Lua Snapshot").click();
    await row(`Snapshot #2 "${FILE}:${tickLine}"`).waitFor();
  });

  it(`continues (F5) twice: the diffs from the baseline grow, the Problems panel shows the leak at ${FILE}:${closureLine}`, async function () {
    const { page } = wb;
    await page.keyboard.press("F5");
    await wb.pane("Variables").locator('.monaco-list-row[aria-label="i, value 2"]').waitFor();
    await row(`Snapshot #3 "${FILE}:${tickLine} · hit 2"`).waitFor();
    await diffRows(1, 3).waitFor();
    const once = await addedCount(1, 3);
    assert.ok(once > 0);
    await page.keyboard.press("F5");
    await wb.pane("Variables").locator('.monaco-list-row[aria-label="i, value 3"]').waitFor();
    await row(`Snapshot #4 "${FILE}:${tickLine} · hit 3"`).waitFor();
    await diffRows(1, 4).waitFor();
    assert.equal(await addedCount(1, 4), 2 * once, "one more iteration's worth of leaked objects");

    const leak = await wb.leakWarning(2, closureLine);
    const markers = wb.markers;
    const fileRow = markers.filter({ has: page.locator(`.monaco-icon-label[aria-label=${JSON.stringify(program)}]`) });
    await fileRow.waitFor();
    assert.match((await fileRow.getAttribute("aria-label")) ?? "", new RegExp(`^1 problems? in file ${FILE.replace(".", "\\.")}`));
    assert.equal(await leak.getAttribute("aria-level"), "2");
    assert.equal(await markers.count(), 2, (await wb.rowLabels(markers)).join("\n"));
    await wb.screenshot(env.artifacts, "problems.png");
  });

  it("diffs with the debug toolbar's diff button: the baseline and the newest are preselected", async function () {
    const { page } = wb;
    const before = await diffRows(1, 4).count();
    await toolbarButton("Diff Lua Snapshots…").click();
    await page.locator(".quick-input-title", { hasText: "Diff Lua Snapshots: pick two" }).waitFor();
    const checked = page.locator('.quick-input-list .monaco-list-row[role="checkbox"][aria-checked="true"]');
    await page.locator('.quick-input-list .monaco-list-row[role="checkbox"][aria-label^="#1 "][aria-checked="true"]').waitFor();
    await page.locator('.quick-input-list .monaco-list-row[role="checkbox"][aria-label^="#4 "][aria-checked="true"]').waitFor();
    assert.equal(await checked.count(), 2);
    await page.keyboard.press("Enter");
    // One more `#1 → #4` row: the diff of the command, next to the stop's.
    const deadline = Date.now() + 30_000;
    while ((await diffRows(1, 4).count()) <= before) {
      assert.ok(Date.now() < deadline, "no new #1 → #4 diff in the tree");
      await page.waitForTimeout(100);
    }
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
      .filter({ has: page.locator(".label-name").getByText(`function ${FILE}:${closureLine}`, { exact: true }) })
      .first();
    await fn.waitFor();
    assert.ok(((await fn.getAttribute("aria-label")) ?? "").includes(`defined at ${FILE}:${closureLine}`));
    await fn.click();

    await page.locator(`.tabs-container .tab.active[aria-label^=${JSON.stringify(FILE)}]`).waitFor();
    await wb.waitForText(wb.cursorPosition, `Ln ${closureLine}, Col 1`);
    await wb.screenshot(env.artifacts, "tree.png");
  });

  it("marks snapshot #3 as the baseline from its context menu", async function () {
    const { page } = wb;
    await row(`Snapshot #3 `).click({ button: "right" });
    // The workbench's menu runs an item on Enter once the pointer has focused it.
    const item = page.locator(".monaco-menu .action-menu-item", { hasText: "Mark as Baseline" });
    await item.hover();
    await page.locator(".monaco-menu .action-item.focused", { hasText: "Mark as Baseline" }).waitFor();
    await page.keyboard.press("Enter");
    await row(`Snapshot #3 "${FILE}:${tickLine} · hit 2" (baseline`).waitFor();
    // One baseline: #1 lost its mark in the same refresh.
    assert.doesNotMatch((await row("Snapshot #1 ").getAttribute("aria-label")) ?? "", /\(baseline/);
  });

  it("the program ends (F5): its snapshots stay, and the view still diffs and exports them", async function () {
    const { page } = wb;
    await page.keyboard.press("F5");
    await toolbarButton("Take Lua Snapshot").waitFor({ state: "hidden" });
    // Labels and ids survive the session.
    const ended = wb
      .pane("Lua Snapshots")
      .locator(`.monaco-list-row[aria-label^=${JSON.stringify(`Snapshot #4 "${FILE}:${tickLine} · hit 3"`)}][aria-label*="The program has ended"]`);
    await ended.waitFor();
    await wb.screenshot(env.artifacts, "ended.png");

    // The view's diff button: the new baseline (#3) and the newest preselected.
    const pane = wb.pane("Lua Snapshots");
    await pane.locator('.pane-header .action-label[aria-label^="Diff Lua Snapshots…"]').click();
    await page.locator(".quick-input-title", { hasText: "Diff Lua Snapshots: pick two" }).waitFor();
    await page.locator('.quick-input-list .monaco-list-row[role="checkbox"][aria-label^="#3 "][aria-checked="true"]').waitFor();
    await page.locator('.quick-input-list .monaco-list-row[role="checkbox"][aria-label^="#4 "][aria-checked="true"]').waitFor();
    await page.keyboard.press("Enter");
    await diffRows(3, 4).waitFor();
    assert.equal(await addedCount(3, 4), await addedCount(1, 3), "one iteration between #3 and #4");

    // A row's export button; the save dialog proposes lua-snapshot-4.json in the workspace.
    const target = path.join(env.workspace, "lua-snapshot-4.json");
    await ended.hover();
    await ended.locator('.action-label[aria-label^="Export Lua Snapshot…"]').click();
    await page.locator(".quick-input-widget .quick-input-box input:focus").waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".notifications-toasts", { hasText: "Lua snapshot #4 exported to" }).waitFor();
    const doc = JSON.parse(fs.readFileSync(target, "utf8")) as { objectCount?: number };
    assert.ok((doc.objectCount ?? 0) > 0);
    await wb.screenshot(env.artifacts, "exported.png");
  });

  it("the Lua Snapshot output channel logged no error", function () {
    const logs = findFiles(path.join(env.artifacts, "user-data", "logs"), (f) => f.endsWith("Lua Snapshot.log"));
    assert.equal(logs.length, 1, logs.join("\n"));
    const text = fs.readFileSync(logs[0]!, "utf8");
    assert.match(text, /session ended/);
    assert.doesNotMatch(text, /\[error\]/, text);
  });

  it("a wrong adapterPath: one error before any session, whose button opens the settings showing it", async function () {
    const { page } = wb;
    // The setting is machine-scoped: code-server reads it from the remote
    // (Machine) settings, a local window from the user settings. Set both.
    const wrong = "/nonexistent/lua-snapshot";
    for (const dir of ["User", "Machine"]) {
      const file = path.join(env.artifacts, "user-data", dir, "settings.json");
      const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ ...current, "luaSnapshot.adapterPath": wrong }, null, 2));
    }
    // F5 until the new setting is seen (a session started before that is stopped again).
    const toast = page.locator(".notifications-toasts .notification-toast", { hasText: `debug adapter was not found at "${wrong}"` });
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page.keyboard.press("F5");
      const seen = await toast
        .waitFor({ timeout: 2000 })
        .then(() => true)
        .catch(() => false);
      if (seen) break;
      assert.ok(Date.now() < deadline, "the wrong adapterPath was never reported");
      if (await toolbarButton("Stop").isVisible()) await toolbarButton("Stop").click();
    }
    // One message: VS Code's "Couldn't find a debug adapter descriptor" dialog never shows.
    assert.equal(await page.locator(".monaco-dialog-box").count(), 0);
    assert.equal(await toast.count(), 1);
    await toast.getByRole("button", { name: "Open Settings" }).click();
    const setting = page.locator(".settings-editor .setting-item-contents", { hasText: "Adapter Path" });
    await setting.waitFor();
    assert.equal(await setting.locator("input").inputValue(), wrong);
    await wb.screenshot(env.artifacts, "adapter-path.png");
  });
});

function findFiles(dir: string, pred: (f: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && pred(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}
