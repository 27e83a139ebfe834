// The leaked-closure warnings the extension computes from a leak report
// file (`lua-snapshot run --leaks --json`) are the adapter's own: the same
// program, diffed live between a snapshot at entry and one at its last
// line, gives the same files, lines, ranges and messages.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PublishDiagnosticsParams } from "../../src/protocol";
import { parseReport, reportBaseDir } from "../../src/report";
import { reportDiagnostics } from "../../src/reportDiagnostics";
import { Adapter, checkAdapter, fixture, lineOf } from "./support";

const PROGRAM = fixture("dapclient/report_bus.lua");
const DIR = path.dirname(PROGRAM);

function lineWidth(p: string, line0: number): number | undefined {
  return fs.readFileSync(p, "utf8").split("\n")[line0]?.length;
}

/** Only what the Problems panel shows. */
function shown(params: PublishDiagnosticsParams[]): unknown {
  return params.map((p) => ({
    uri: p.uri,
    diagnostics: p.diagnostics.map((d) => ({ range: d.range, message: d.message, code: d.code, source: d.source, severity: d.severity })),
  }));
}

describe("leak report warnings match the adapter's", function () {
  let adapter: Adapter;

  afterEach(async function () {
    await adapter.stop();
  });

  it("report_bus.lua: run --leaks --json and a live diff give the same warnings", async function () {
    const binary = checkAdapter();
    const json = execFileSync(binary, ["run", "--leaks", "--json", PROGRAM], { cwd: DIR, encoding: "utf8" });
    const report = parseReport(json);
    const fromReport = reportDiagnostics(report.objects, reportBaseDir(report.objects), lineWidth);

    adapter = new Adapter(binary);
    await adapter.start();
    const { dc } = adapter;
    await adapter.launch({ program: PROGRAM, cwd: DIR, stopOnEntry: true });
    await dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: lineOf(PROGRAM, "done") }] });
    await Promise.all([dc.configurationDoneRequest(), adapter.waitEvent(["stopped"], 0)]);
    const first = (await dc.customRequest("takeSnapshot", {})).body as { id: number };
    await Promise.all([dc.continueRequest({ threadId: 1 }), adapter.waitEvent(["stopped"], 1)]);
    const second = (await dc.customRequest("takeSnapshot", {})).body as { id: number };
    const diff = (await dc.customRequest("diffSnapshots", { from: first.id, to: second.id })).body as {
      diagnostics: PublishDiagnosticsParams[];
    };

    const closure = fromReport[0]?.diagnostics.find((d) => d.range.start.line === lineOf(PROGRAM, "closure") - 1);
    assert.match(closure?.message ?? "", /^3 closures created here are still alive \(\d+ B with the new objects they hold\), held by Root->/);
    assert.deepEqual(shown(fromReport), shown(diff.diagnostics));
  });
});
