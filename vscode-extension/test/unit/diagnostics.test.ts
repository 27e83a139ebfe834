import { strict as assert } from "node:assert";
import { convertDiagnostics } from "../../src/diagnostics";
import type { PublishDiagnosticsParams } from "../../src/protocol";

const BUS = "file:///home/me/my%20game/event_bus.lua";
const MAIN = "file:///home/me/my%20game/main.lua";

/** What the adapter sends for three closures defined at event_bus.lua:22. */
function leakedClosure(): PublishDiagnosticsParams {
  return {
    uri: BUS,
    diagnostics: [
      {
        range: { start: { line: 21, character: 2 }, end: { line: 21, character: 40 } },
        severity: 2,
        source: "lua-snapshot",
        code: "leaked-closure",
        message:
          "3 closures created here are still alive (1.2 KB with the new objects they hold), held by Root->(T)[registry]->(T)_G->(T)EventBus->(T)handlers",
        relatedInformation: [
          {
            location: { uri: MAIN, range: { start: { line: 9, character: 0 }, end: { line: 9, character: 18 } } },
            message: "holds it: function defined at main.lua:10",
          },
        ],
      },
    ],
  };
}

describe("diagnostics conversion", () => {
  it("keeps 0-based ranges, message, source and code; maps severity 2 to warning", () => {
    const [file] = convertDiagnostics([leakedClosure()], "posix");
    assert.ok(file);
    assert.equal(file.uri, BUS);
    assert.equal(file.diagnostics.length, 1);
    const d = file.diagnostics[0]!;
    assert.deepEqual(d.range, { start: { line: 21, character: 2 }, end: { line: 21, character: 40 } });
    assert.equal(d.severity, "warning");
    assert.equal(d.source, "lua-snapshot");
    assert.equal(d.code, "leaked-closure");
    assert.match(d.message, /^3 closures created here are still alive \(1\.2 KB with the new objects they hold\), held by Root->/);
  });

  it("converts related information with its own URI and 0-based range", () => {
    const d = convertDiagnostics([leakedClosure()], "posix")[0]!.diagnostics[0]!;
    assert.deepEqual(d.relatedInformation, [
      {
        uri: MAIN,
        range: { start: { line: 9, character: 0 }, end: { line: 9, character: 18 } },
        message: "holds it: function defined at main.lua:10",
      },
    ]);
  });

  it("has no related information when the adapter sends none", () => {
    const p = leakedClosure();
    delete p.diagnostics[0]!.relatedInformation;
    assert.deepEqual(convertDiagnostics([p], "posix")[0]!.diagnostics[0]!.relatedInformation, []);
  });

  it("maps every LSP severity and defaults a missing one to warning", () => {
    const sev = (severity?: number) => {
      const p = leakedClosure();
      if (severity === undefined) delete p.diagnostics[0]!.severity;
      else p.diagnostics[0]!.severity = severity;
      return convertDiagnostics([p], "posix")[0]!.diagnostics[0]!.severity;
    };
    assert.deepEqual([sev(1), sev(2), sev(3), sev(4), sev(undefined), sev(9)], [
      "error",
      "warning",
      "information",
      "hint",
      "warning",
      "warning",
    ]);
  });

  it("line 0 stays line 0 (a main chunk), and a reversed range is swapped", () => {
    const p = leakedClosure();
    p.diagnostics[0]!.range = { start: { line: 3, character: 5 }, end: { line: 0, character: 0 } };
    const d = convertDiagnostics([p], "posix")[0]!.diagnostics[0]!;
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 3, character: 5 } });
  });

  it("merges two spellings of one file's URI into one entry", () => {
    const a = leakedClosure();
    const b = leakedClosure();
    b.uri = "file:///home/me/my%20g%61me/event_bus.lua";
    const files = convertDiagnostics([a, b], "posix");
    assert.equal(files.length, 1);
    assert.equal(files[0]!.diagnostics.length, 2);
  });

  it("keeps files in the order first seen", () => {
    const other: PublishDiagnosticsParams = { ...leakedClosure(), uri: MAIN };
    assert.deepEqual(
      convertDiagnostics([leakedClosure(), other], "posix").map((f) => f.uri),
      [BUS, MAIN],
    );
  });

  it("drops malformed entries instead of failing the whole update", () => {
    const good = leakedClosure();
    const bad: unknown[] = [
      null,
      { uri: 3, diagnostics: [] },
      { uri: MAIN, diagnostics: [{ message: "no range" }] },
      {
        uri: MAIN,
        diagnostics: [{ range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, message: "x" }],
      },
    ];
    const files = convertDiagnostics([...bad, good], "posix");
    assert.deepEqual(
      files.map((f) => f.uri),
      [BUS],
    );
    assert.deepEqual(convertDiagnostics(undefined, "posix"), []);
  });

  it("drops a related location without a valid range, keeps the diagnostic", () => {
    const p = leakedClosure();
    (p.diagnostics[0]!.relatedInformation![0]!.location as { range: unknown }).range = { start: {} };
    const d = convertDiagnostics([p], "posix")[0]!.diagnostics[0]!;
    assert.deepEqual(d.relatedInformation, []);
  });

  it("an empty diagnostics list for a file publishes nothing for it", () => {
    assert.deepEqual(convertDiagnostics([{ uri: BUS, diagnostics: [] }], "posix"), []);
  });
});
