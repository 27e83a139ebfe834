/**
 * What "Open Lua Leak Report…" costs on a big report: a leaked list of
 * N nodes (default 100,000) held by a closure, reported by the release
 * binary (`run --leaks --json`), then read, checked, turned into warnings
 * and into the tree's rows as the extension does. Prints one line of
 * times; docs/PERFORMANCE.md has the numbers.
 *
 *   cargo build --release -p lua-snapshot
 *   cd vscode-extension && npx tsx test/bench/openReport.ts [N]
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseReport, reportBaseDir } from "../../src/report";
import { reportDiagnostics } from "../../src/reportDiagnostics";
import { reportNode } from "../../src/tree/model";

const n = Number(process.argv[2] ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lua-report-bench-"));
try {
  const script = path.join(dir, "list.lua");
  fs.writeFileSync(
    script,
    `local head = {}\nlocal n = head\nfor i = 1, ${n} do n.next = { i }; n = n.next end\nHandlers = { function() return head end }\n`,
  );
  const binary = path.resolve(__dirname, "..", "..", "..", "target", "release", "lua-snapshot");
  const json = execFileSync(binary, ["run", "--leaks", "--json", script], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 30 });
  const t0 = performance.now();
  const report = parseReport(json);
  const t1 = performance.now();
  const diagnostics = reportDiagnostics(report.objects, reportBaseDir(report.objects), () => undefined);
  const t2 = performance.now();
  const node = reportNode({ key: "k", file: script, report, diagnostics }, true);
  const t3 = performance.now();
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  process.stdout.write(
    `${report.objects.length} objects, ${(json.length / 1048576).toFixed(1)} MB of JSON: ` +
      `parse and check ${ms(t1 - t0)}, warnings ${ms(t2 - t1)}, tree rows ${ms(t3 - t2)} (${node.children?.length ?? 0} top rows)\n`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
