import { strict as assert } from "node:assert";
import { parseDiffBody, parseSnapshotList, parseTakeSnapshotResult, ProtocolError } from "../../src/protocol";
import { diffBody } from "./fixtures";

describe("protocol guards", () => {
  it("accepts the documented diff body unchanged", () => {
    assert.deepEqual(parseDiffBody(JSON.parse(JSON.stringify(diffBody()))), diffBody());
  });

  it("rejects a body without from/to, drops malformed objects", () => {
    assert.throws(() => parseDiffBody({ added: [] }), ProtocolError);
    const body = { ...diffBody(), added: [null, { type: "table" }, ...diffBody().added] };
    assert.equal(parseDiffBody(body).added.length, diffBody().added.length);
  });

  it("reads takeSnapshot and listSnapshots bodies", () => {
    const r = parseTakeSnapshotResult({
      id: 3,
      label: "bus.lua:4",
      objectCount: 10,
      totalSize: 500,
      heapBytes: 900,
      durationMs: 1.5,
      stoppedAt: { path: "/x/bus.lua", line: 4 },
    });
    assert.equal(r.id, 3);
    assert.deepEqual(r.stoppedAt, { path: "/x/bus.lua", line: 4 });
    assert.deepEqual(
      parseSnapshotList({ snapshots: [{ id: 1 }, { id: 2, label: "b" }] }).map((s) => s.label),
      ["#1", "b"],
    );
    assert.throws(() => parseSnapshotList({}), ProtocolError);
  });
});
