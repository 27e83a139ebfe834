/**
 * "Classes" under a diff (issue 19): `snapshotSummary` asked after each
 * diff, its rows in the tree; an adapter that does not know the request
 * is left alone silently. Hand-made bodies following the contract:
 * {snapshot, baseline?} -> {classes: [{class, count, size, retained_size,
 * count_delta?, size_delta?, new?, freed?}]}.
 */
import { control, type FakeSession } from "./vscodeFake";
import { activated } from "./activated";
import { strict as assert } from "node:assert";
import { classesNode } from "../../src/tree/classes";
import { diffBody, snapshots } from "./fixtures";

const COMPARISON = {
  classes: [
    { class: "table", count: 3, size: 300, retained_size: 300, count_delta: 1, size_delta: 100, new_count: 1, freed_count: 0 },
    { class: "Entity", count: 40, size: 4000, retained_size: 9000, count_delta: 20, size_delta: 2000, new_count: 22, freed_count: 2 },
    { class: "bus.lua:16", count: 20, size: 800, retained_size: 800, count_delta: -1, size_delta: -40, new_count: 0, freed_count: 1 },
  ],
};

function session(summary: (args: unknown) => Promise<unknown>): { s: FakeSession; asked: unknown[] } {
  const asked: unknown[] = [];
  const s: FakeSession = {
    id: "s1",
    type: "lua-snapshot",
    name: "Lua (snapshot)",
    configuration: {},
    customRequest: (command, args) => {
      if (command === "listSnapshots") return Promise.resolve({ snapshots });
      if (command === "snapshotSummary") {
        asked.push(args);
        return summary(args);
      }
      return Promise.reject(new Error(`unexpected ${command}`));
    },
  };
  return { s, asked };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe("Classes of a diff (snapshotSummary)", () => {
  const api = activated();

  const diffEvent = (s: FakeSession) => control.customEvent.fire({ session: s, event: "snapshotDiff", body: diffBody() });

  it("asks for the newer snapshot compared with the older, and shows the classes under the diff", async () => {
    const { s, asked } = session(() => Promise.resolve(COMPARISON));
    control.started.fire(s);
    diffEvent(s);
    await settle();
    assert.deepEqual(asked, [{ snapshot: 2, baseline: 1 }]);
    const diff = api().tree.getChildren().find((n) => n.kind === "diff")!;
    const classes = api().tree.getChildren(diff).find((n) => n.kind === "classes")!;
    assert.equal(classes.label, "Classes");
    assert.equal(classes.description, "3 classes · compared with the baseline");
    // Those that grew most first.
    assert.deepEqual(
      api().tree.getChildren(classes).map((c) => [c.label, c.description]),
      [
        ["Entity", "+20 (+2.0 KB) · 40 × 3.9 KB · retains 8.8 KB · 22 new, 2 freed"],
        ["table", "+1 (+100 B) · 3 × 300 B · retains 300 B · 1 new, 0 freed"],
        ["bus.lua:16", "-1 (-40 B) · 20 × 800 B · retains 800 B · 0 new, 1 freed"],
      ],
    );
  });

  for (const [what, error, asks] of [
    ["an adapter without snapshotSummary: no Classes node, no message, not asked again", "unknown request: snapshotSummary", 1],
    ["another failure: no Classes node, no message, and the next diff asks again", "snapshot 2 was dropped", 2],
  ] as const) {
    it(what, async () => {
      const { s, asked } = session(() => Promise.reject(new Error(error)));
      control.started.fire(s);
      diffEvent(s);
      await settle();
      diffEvent(s);
      await settle();
      assert.equal(asked.length, asks);
      assert.deepEqual(control.messages, []);
      for (const diff of api().tree.getChildren().filter((n) => n.kind === "diff")) {
        assert.ok(api().tree.getChildren(diff).every((n) => n.kind !== "classes"));
      }
    });
  }
});

describe("Classes of a snapshot, on expanding it", () => {
  const api = activated();
  const SUMMARY = { classes: [{ class: "Entity", count: 40, size: 4000, retained_size: 9000 }] };

  it("asks snapshotSummary for the snapshot alone, once, and shows its classes", async () => {
    const { s, asked } = session(() => Promise.resolve(SUMMARY));
    control.started.fire(s);
    control.customEvent.fire({ session: s, event: "snapshotTaken", body: snapshots[0] });
    const [snap] = api().tree.getChildren();
    assert.equal(api().tree.getTreeItem(snap!).collapsibleState, 1);
    assert.deepEqual(
      api().tree.getChildren(snap).map((n) => n.label),
      ["Loading classes…"],
    );
    await settle();
    const [classes] = api().tree.getChildren(snap);
    assert.equal(classes!.label, "Classes");
    assert.deepEqual(
      api().tree.getChildren(classes).map((c) => [c.label, c.description]),
      [["Entity", "40 × 3.9 KB · retains 8.8 KB"]],
    );
    api().tree.getChildren(snap);
    assert.deepEqual(asked, [{ snapshot: 1 }]);
  });

  it("another failure: one row says so (the log has the reason), and it is not asked again", async () => {
    const { s, asked } = session(() => Promise.reject(new Error("busy")));
    control.started.fire(s);
    control.customEvent.fire({ session: s, event: "snapshotTaken", body: snapshots[0] });
    const [snap] = api().tree.getChildren();
    api().tree.getChildren(snap);
    await settle();
    assert.deepEqual(
      api().tree.getChildren(snap).map((n) => n.label),
      ["No classes: snapshotSummary failed (see the Lua Snapshot output)"],
    );
    assert.equal(asked.length, 1);
  });

  it("an adapter without snapshotSummary: the snapshots stop expanding, nothing is said", async () => {
    const { s } = session(() => Promise.reject(new Error("unknown request")));
    control.started.fire(s);
    control.customEvent.fire({ session: s, event: "snapshotTaken", body: snapshots[0] });
    const [snap] = api().tree.getChildren();
    api().tree.getChildren(snap);
    await settle();
    assert.deepEqual(api().tree.getChildren(snap), []);
    assert.equal(api().tree.getTreeItem(snap!).collapsibleState, 0);
    assert.deepEqual(control.messages, []);
  });
});

describe("Classes node", () => {
  it("one snapshot's summary: largest retained size first, no deltas", () => {
    const node = classesNode("r", [
      { class: "a", count: 1, size: 10, retained_size: 10 },
      { class: "b", count: 2, size: 20, retained_size: 2048 },
    ])!;
    assert.equal(node.description, "2 classes");
    assert.deepEqual(
      node.children!.map((c) => [c.label, c.description]),
      [
        ["b", "2 × 20 B · retains 2.0 KB"],
        ["a", "1 × 10 B · retains 10 B"],
      ],
    );
    assert.equal(classesNode("r", []), undefined);
  });
});
