/**
 * End-to-end: an attach configuration whose port nothing listens on, in a
 * real VS Code (code-server; run by scripts/e2e.sh, last: "Select and
 * Start Debugging" leaves this configuration selected for F5). The user starts it
 * from "Debug: Select and Start Debugging"; VS Code shows the extension's
 * message (what to call in the host), not a bare ECONNREFUSED, and no
 * session stays behind.
 */

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { closedPort } from "../support/closedPort";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { e2eEnv, openBrowser, type Workbench } from "./workbench";

const NAME = "Attach to a host that is not there";


describe("Attach with no host listening, in VS Code (code-server)", function () {
  const env = e2eEnv();
  let browser: Browser | undefined;
  let wb: Workbench;
  let port = 0;

  before(async function () {
    port = await closedPort();
    // The workspace's launch.json gains the attach configuration (as the snippet writes it).
    const file = path.join(env.workspace, ".vscode", "launch.json");
    const launch = JSON.parse(fs.readFileSync(file, "utf8")) as { configurations: unknown[] };
    launch.configurations.push({ type: "lua-snapshot", request: "attach", name: NAME, host: "127.0.0.1", port });
    fs.writeFileSync(file, JSON.stringify(launch, null, 2));
    ({ browser, wb } = await openBrowser(env));
  });

  afterEach(async function () {
    if (this.currentTest?.state !== "failed") return;
    console.error(`    screenshot of the failure: ${await wb.screenshot(env.artifacts, "failure-refused-attach.png").catch(String)}`);
  });

  after(async function () {
    await browser?.close();
  });

  it("says which port has no host and what to call in the host", async function () {
    const { page } = wb;
    await wb.open(env.url);
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "leaky.lua" }).waitFor({ timeout: 60_000 });
    await wb.runCommand("Debug: Select and Start Debugging");
    await wb.typeAndAccept(NAME, NAME);
    const expected = `No Lua host listening on 127.0.0.1:${port}: call require('lsnapshot').listen{port = ${port}} in the host`;
    // VS Code shows a failed initialize in a dialog or a notification, depending on the version.
    const shown = page.locator(".monaco-dialog-box, .notifications-toasts .notification-toast", { hasText: expected });
    await shown.first().waitFor();
    assert.doesNotMatch(await shown.first().innerText(), /ECONNREFUSED/);
    await wb.screenshot(env.artifacts, "attach-refused.png");
    // No session is left: the debug toolbar is gone.
    await page.locator(".debug-toolbar").waitFor({ state: "hidden" });
  });
});
