/**
 * Driving the VS Code workbench (code-server in chromium) the way a person
 * does: keyboard shortcuts, the command palette, clicks on tree rows. Each
 * helper waits for the condition that shows its action took effect (no
 * fixed sleeps), so a slow machine only makes the test slower.
 *
 * Selectors are the workbench's own accessibility attributes where it has
 * them (`aria-label` of list rows and pane headers, `role`), else its
 * stable class names (`.quick-input-widget`, `.monaco-list-row`) and
 * status bar ids (`status.editor.selection`).
 *
 * playwright-core's type declarations name DOM types (`Element`…): the
 * reference below adds the DOM lib to the type check, which only has
 * ES2022 and Node otherwise.
 */


import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";

export interface E2eEnv {
  /** code-server's address, e.g. http://127.0.0.1:41537/ */
  url: string;
  /** The folder code-server opened (a copy of test/e2e/fixture). */
  workspace: string;
  /** Where screenshots go (target/e2e). */
  artifacts: string;
  chromium: string;
}

/** The environment scripts/e2e.sh sets; the test cannot run without it. */
export function e2eEnv(): E2eEnv {
  const { E2E_URL, E2E_WORKSPACE, E2E_ARTIFACTS, E2E_CHROMIUM } = process.env;
  if (!E2E_URL || !E2E_WORKSPACE || !E2E_ARTIFACTS) {
    throw new Error("E2E_URL, E2E_WORKSPACE and E2E_ARTIFACTS are not set: run the e2e test with `npm run test:e2e`");
  }
  return { url: E2E_URL, workspace: E2E_WORKSPACE, artifacts: E2E_ARTIFACTS, chromium: E2E_CHROMIUM ?? "/usr/bin/chromium" };
}

/** 1-based number of the line of `file` that ends with the comment `-- @marker`. */
export function lineOf(file: string, marker: string): number {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const i = lines.findIndex((l) => l.trimEnd().endsWith(`-- @${marker}`));
  if (i < 0) throw new Error(`${marker} not found in ${file}`);
  return i + 1;
}

export async function launchBrowser(env: E2eEnv): Promise<Browser> {
  return chromium.launch({
    executablePath: env.chromium,
    // Playwright adds --headless and a fresh temporary --user-data-dir.
    headless: process.env.E2E_HEADED !== "1",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** CSS attribute value in double quotes. */
const q = (s: string): string => JSON.stringify(s);

/** A browser with one page for the workbench, with the tests' viewport and timeout. */
export async function openBrowser(env: E2eEnv): Promise<{ browser: Browser; wb: Workbench }> {
  fs.mkdirSync(env.artifacts, { recursive: true });
  const browser = await launchBrowser(env);
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(30_000);
  return { browser, wb: new Workbench(page) };
}

export class Workbench {
  constructor(readonly page: Page) {}

  get quickInput(): Locator {
    return this.page.locator(".quick-input-widget");
  }

  /** The row of the quick input list that Enter would accept. */
  focusedPick(ariaLabelStart: string): Locator {
    return this.page.locator(`.quick-input-list .monaco-list-row.focused[aria-label^=${q(ariaLabelStart)}]`);
  }

  /** `Ln 17, Col 1` in the status bar (the active editor's cursor). */
  get cursorPosition(): Locator {
    return this.page.locator('[id="status.editor.selection"]');
  }

  /** The tab of the active editor. */
  get activeTab(): Locator {
    return this.page.locator(".tabs-container .tab.active");
  }

  /** A section of a view container (Variables, Lua Snapshots…), by its title. */
  pane(title: string): Locator {
    return this.page.locator(".pane", { has: this.page.locator(`.pane-header[aria-label^=${q(title + " ")}]`) });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator(".monaco-workbench").waitFor();
  }

  /**
   * Drags the side bar's edge to make it `by` pixels wider, so that tree
   * labels are readable in the screenshots. Cosmetic: no error if the
   * sash is not where expected.
   */
  async widenSideBar(by: number): Promise<void> {
    const box = await this.page.locator(".part.sidebar").boundingBox();
    if (!box) return;
    const x = box.x + box.width + 1;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + by, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** Opens the quick input with `keys` and waits until typing goes into it (not into the editor). */
  async openQuickInput(keys: string): Promise<void> {
    await this.page.keyboard.press(keys);
    await this.page.locator(".quick-input-widget .quick-input-box input:focus").waitFor();
  }

  /** Types into the open quick input, waits for the row that Enter would take, presses Enter. */
  async typeAndAccept(text: string, expectedRow: string): Promise<void> {
    await this.page.keyboard.type(text);
    await this.focusedPick(expectedRow).waitFor();
    await this.page.keyboard.press("Enter");
  }

  /** Ctrl+P, the file name, Enter; waits for its editor. */
  async quickOpen(fileName: string): Promise<void> {
    await this.openQuickInput("Control+P");
    await this.typeAndAccept(fileName, fileName);
    await this.page.locator(`.tabs-container .tab.active[aria-label^=${q(fileName)}]`).waitFor();
  }

  /** Ctrl+G, the line, Enter; waits for the status bar to show the cursor there. */
  async goToLine(line: number): Promise<void> {
    await this.openQuickInput("Control+G");
    await this.typeAndAccept(String(line), `Go to line ${line}`);
    await this.waitForText(this.cursorPosition, `Ln ${line}, Col 1`);
  }

  /**
   * F1, the command's title, Enter. `label` is the palette's "Category:
   * Title". A freshly opened window lists an extension's commands only
   * once its extensions are registered: until then the palette is closed
   * and opened again.
   */
  async runCommand(label: string, timeout = 60_000): Promise<void> {
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.openQuickInput("F1");
      await this.page.keyboard.type(label);
      const listed = await this.focusedPick(label)
        .waitFor({ timeout: 5000 })
        .then(() => true)
        .catch(() => false);
      if (listed) break;
      if (Date.now() > deadline) throw new Error(`the command palette never listed ${JSON.stringify(label)}`);
      await this.page.keyboard.press("Escape");
      await this.quickInput.waitFor({ state: "hidden" });
    }
    await this.page.keyboard.press("Enter");
  }

  /** Expands or collapses a view section by clicking its header. */
  async setPaneExpanded(title: string, expanded: boolean): Promise<void> {
    const header = this.pane(title).locator(".pane-header");
    if ((await header.getAttribute("aria-expanded")) !== String(expanded)) await header.click();
    await this.page
      .locator(`.pane-header[aria-label^=${q(title + " ")}][aria-expanded=${q(String(expanded))}]`)
      .waitFor();
  }

  /** Waits until the text of `loc` is `expected` (or matches it). */
  async waitForText(loc: Locator, expected: string | RegExp, timeout = 30_000): Promise<void> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const last = (await loc.innerText({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => "")).trim();
      if (typeof expected === "string" ? last === expected : expected.test(last)) return;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${String(expected)} in ${loc.toString()}: last text ${JSON.stringify(last)}`);
      }
      await this.page.waitForTimeout(100);
    }
  }

  /** Texts of the rows of a list or tree. */
  async rowLabels(rows: Locator): Promise<string[]> {
    return rows.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
  }

  /** The rows of the Problems panel (Ctrl+Shift+M opens it). */
  get markers(): Locator {
    return this.page.locator(".markers-panel .monaco-list-row");
  }

  /**
   * Opens the Problems panel and waits for the warning "`closures`
   * closures created here are still alive" of lua-snapshot at `line`
   * (1-based); checks its text, code and position, and returns its row.
   */
  async leakWarning(closures: number, line: number): Promise<Locator> {
    await this.page.keyboard.press("Control+Shift+M");
    const leak = this.markers.filter({ hasText: `${closures} closures created here are still alive` });
    await leak.waitFor();
    const aria = (await leak.getAttribute("aria-label")) ?? "";
    const start = new RegExp(`^Warning: ${closures} closures created here are still alive \\(\\d+ B with the new objects they hold\\), held by Root->`);
    assert.match(aria, start);
    assert.ok(aria.includes(`at line ${line} and character 1.`), aria);
    assert.ok(aria.endsWith("generated by lua-snapshot"), aria);
    const text = await leak.innerText();
    assert.ok(text.includes("leaked-closure"), text);
    assert.ok(text.includes(`[Ln ${line}, Col 1]`), text);
    return leak;
  }

  async screenshot(dir: string, name: string): Promise<string> {
    const file = path.join(dir, name);
    await this.page.screenshot({ path: file });
    return file;
  }
}
