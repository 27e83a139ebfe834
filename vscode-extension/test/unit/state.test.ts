import { strict as assert } from "node:assert";
import { MAX_DIFFS, SnapshotStore } from "../../src/state";
import { diffBody, snapshots } from "./fixtures";

describe("snapshot store", () => {
  it("keeps snapshots sorted and tracks the heap at the latest one", () => {
    const store = new SnapshotStore();
    store.startSession("s1", "a", "/cwd");
    store.addSnapshot("s1", snapshots[1]!);
    store.addSnapshot("s1", snapshots[0]!);
    assert.deepEqual(
      store.current()!.snapshots.map((s) => s.id),
      [1, 2],
    );
    assert.equal(store.current()!.heapBytes, snapshots[0]!.heapBytes);
    store.setSnapshots("s1", [...snapshots].reverse());
    assert.equal(store.current()!.heapBytes, snapshots[1]!.heapBytes);
  });

  it("announces diffs, newest first, at most MAX_DIFFS", () => {
    const store = new SnapshotStore();
    store.startSession("s1", "a");
    const seen: number[] = [];
    let changes = 0;
    store.onDidAddDiff(({ entry }) => seen.push(entry.seq));
    store.onDidChange(() => changes++);
    for (let i = 0; i < MAX_DIFFS + 2; i++) store.addDiff("s1", diffBody(), "stop");
    const diffs = store.current()!.diffs;
    assert.equal(diffs.length, MAX_DIFFS);
    assert.equal(diffs[0]!.seq, MAX_DIFFS + 2);
    assert.equal(seen.length, MAX_DIFFS + 2);
    assert.equal(changes, MAX_DIFFS + 2);
    assert.equal(store.addDiff("unknown", diffBody(), "stop"), undefined);
  });

  it("keeps an ended session's diffs visible until the next session starts", () => {
    const store = new SnapshotStore();
    store.startSession("s1", "a");
    store.addSnapshot("s1", snapshots[0]!);
    store.addDiff("s1", diffBody(), "stop");
    store.endSession("s1");
    assert.equal(store.current()!.ended, true);
    assert.equal(store.current()!.snapshots.length, 0);
    assert.equal(store.current()!.diffs.length, 1);
    store.startSession("s2", "b");
    assert.equal(store.current()!.key, "s2");
    assert.equal(store.get("s1"), undefined);
  });

  it("keeps an ended session's snapshots while its adapter serves them, until dropped or forgotten", () => {
    const store = new SnapshotStore();
    store.startSession("s1", "a");
    store.addSnapshot("s1", snapshots[0]!);
    store.endSession("s1", true);
    assert.equal(store.current()!.ended, true);
    assert.deepEqual(
      store.current()!.snapshots.map((s) => s.id),
      [1],
    );
    store.dropSnapshots("s1");
    assert.equal(store.current()!.snapshots.length, 0);
    store.forget("s1");
    assert.equal(store.current(), undefined);
  });

  it("a listener that throws does not stop the others", () => {
    const store = new SnapshotStore();
    let called = false;
    const original = console.error;
    console.error = () => undefined;
    try {
      store.onDidChange(() => {
        throw new Error("boom");
      });
      store.onDidChange(() => (called = true));
      store.startSession("s1", "a");
    } finally {
      console.error = original;
    }
    assert.equal(called, true);
  });
});
