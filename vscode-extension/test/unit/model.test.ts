import { strict as assert } from "node:assert";
import { foldObjects } from "../../src/tree/fold";
import { buildTree, diffNode, type TreeNode } from "../../src/tree/model";
import { objectLocation } from "../../src/tree/objects";
import { functionIndex } from "../../src/tree/resolve";
import { buffer, closure, CWD, diffBody, name, session, snapshots, state } from "./fixtures";

function byKind(nodes: TreeNode[], kind: TreeNode["kind"]): TreeNode[] {
  return nodes.filter((n) => n.kind === kind);
}

describe("tree model: layout and ordering", () => {
  it("is empty without a session (the view shows its welcome text)", () => {
    assert.deepEqual(buildTree(undefined), []);
  });

  it("lists snapshots oldest first, then diffs newest first with the newest expanded", () => {
    const s = session();
    s.diffs = [
      { seq: 2, origin: "command", body: { ...diffBody(), from: 1, to: 2 } },
      { seq: 1, origin: "stop", body: diffBody() },
    ];
    const roots = buildTree(s);
    assert.deepEqual(
      roots.map((n) => n.kind),
      ["snapshot", "snapshot", "diff", "diff"],
    );
    const diffs = byKind(roots, "diff");
    assert.deepEqual(
      diffs.map((d) => d.id),
      ["s1/diff/2", "s1/diff/1"],
    );
    assert.deepEqual(
      diffs.map((d) => d.expanded),
      [true, false],
    );
  });

  it("shows a snapshot's label, object count and human size; a click goes to its stop", () => {
    const [first, second] = byKind(buildTree(session()), "snapshot");
    assert.equal(first!.label, "event_bus.lua:10");
    assert.equal(first!.description, "#1 · 1500 objects · 87.9 KB");
    assert.equal(first!.snapshotId, 1);
    assert.equal(first!.location, undefined);
    assert.deepEqual(second!.location, { path: "/home/me/game/event_bus.lua", line: 30 });
  });

  it("marks the baseline and says what the snapshot's size and the Lua heap are", () => {
    const s = session();
    s.snapshots = [{ ...s.snapshots[0]!, baseline: true }, s.snapshots[1]!];
    const [first, second] = byKind(buildTree(s), "snapshot");
    assert.equal(first!.description, "#1 · baseline · 1500 objects · 87.9 KB");
    assert.equal(first!.contextValue, "luaSnapshot.snapshot.baseline");
    assert.equal(first!.icon, "pinned");
    assert.equal(second!.contextValue, "luaSnapshot.snapshot");
    assert.match(first!.tooltip!, /\(baseline: the stop diffs start here\)/);
    assert.match(first!.tooltip!, /1500 objects reachable from the program: 87\.9 KB/);
    assert.match(first!.tooltip!, /Lua heap: .*, everything the VM had allocated: these objects, garbage not yet collected/);
  });

  it("shows a string's text when the adapter sent it", () => {
    const s = { ...name, type: "string", text: 'player "1"…', paths: ["Root->(T)[registry]->(T)_G->(T)names->(A)[1]"] };
    const d = diffNode("s1", { seq: 1, origin: "command", body: { ...diffBody(), added: [s] } }, [], CWD, true);
    assert.equal(d.children![0]!.label, 'string "player \\"1\\"…"');
  });

  it("names a string held as a table key for what it is", () => {
    const key = { ...name, type: "string", paths: ["Root->(T)[registry]->(T)_G->(T)names->(S)[key]"] };
    const d = diffNode("s1", { seq: 1, origin: "command", body: { ...diffBody(), added: [key] } }, [], CWD, true);
    assert.match(d.children![0]!.description!, / · a table key$/);
  });

  it("labels a diff with its ids, added count and size", () => {
    const d = byKind(buildTree(session()), "diff")[0]!;
    assert.equal(d.label, "#1 → #2: +6 objects (400 B)");
    assert.match(d.description!, /^2 freed \(64 B\)/);
    assert.match(d.tooltip!, /#1 event_bus\.lua:10 and #2 event_bus\.lua:30/);
  });

  it("lists added objects largest first, keeping the adapter's order for equal sizes", () => {
    const d = diffNode("s1", { seq: 1, origin: "stop", body: diffBody() }, snapshots, CWD, true);
    const objects = byKind(d.children!, "object");
    assert.deepEqual(
      objects.map((o) => o.id.split("/").pop()),
      [state.address, buffer.address, closure.address, name.address],
    );
    const sized = [1, 3, 3, 2].map((size, i) => ({ ...name, address: `0x${i}`, size }));
    assert.deepEqual(
      foldObjects(sized).tops.map((o) => o.address),
      ["0x1", "0x2", "0x3", "0x0"],
    );
  });

  it("says how many objects the adapter did not list, and lists grown tables", () => {
    const d = diffNode("s1", { seq: 1, origin: "stop", body: diffBody() }, snapshots, CWD, true);
    const more = byKind(d.children!, "more")[0]!;
    assert.equal(more.label, "… 2 more objects not listed");
    assert.equal(more.description, "90 B");
    const grown = byKind(d.children!, "grownGroup")[0]!;
    assert.equal(grown.children!.length, 1);
    assert.equal(grown.children![0]!.label, "_G");
    assert.equal(grown.children![0]!.description, "36 → 37 entries (+1)");
  });

  it("has no 'more' or 'grown' nodes when there is nothing to say", () => {
    const body = { ...diffBody(), addedCount: 4, grown: [] };
    const d = diffNode("s1", { seq: 1, origin: "stop", body }, snapshots, CWD, true);
    assert.deepEqual(
      d.children!.map((n) => n.kind),
      ["object", "object", "object", "object"],
    );
  });
});

describe("tree model: objects and their paths", () => {
  const d = diffNode("s1", { seq: 1, origin: "stop", body: diffBody() }, snapshots, CWD, true);
  const node = (address: string) => d.children!.find((n) => n.id.endsWith(`/object/${address}`))!;

  it("expands an object to its retention paths, in order", () => {
    const t = node(state.address);
    assert.deepEqual(
      t.children!.map((c) => c.label),
      state.paths,
    );
    assert.deepEqual(
      t.children!.map((c) => c.kind),
      ["path", "path"],
    );
    assert.equal(new Set(t.children!.map((c) => c.id)).size, 2);
  });

  it("names a function by its source and a table by its last edge", () => {
    assert.equal(node(closure.address).label, "function event_bus.lua:22");
    assert.equal(node(state.address).label, `table ${state.address}`);
    assert.equal(node(state.address).description, "120 B · state");
  });

  it("a Lua function node carries its definition for click-to-source", () => {
    assert.deepEqual(node(closure.address).location, { path: "/home/me/game/event_bus.lua", line: 22 });
  });

  it("a table node carries the location of the function holding it, from the same diff", () => {
    assert.deepEqual(node(state.address).location, { path: "/home/me/game/event_bus.lua", line: 22 });
  });

  it("a holder function that is not in the diff is resolved against the session cwd", () => {
    assert.deepEqual(node(buffer.address).location, { path: "/home/me/game/lib/log.lua", line: 5 });
  });

  it("an object held by no Lua function has no location", () => {
    assert.equal(node(name.address).location, undefined);
  });

  it("a path node carries the nearest function on that path", () => {
    const [first, second] = node(state.address).children!;
    assert.deepEqual(first!.location, { path: "/home/me/game/event_bus.lua", line: 22 });
    assert.equal(second!.location, undefined);
  });

  it("uses the diff's function location even when the cwd differs", () => {
    const index = functionIndex(diffBody().added);
    assert.deepEqual(objectLocation(state, index, "/somewhere/else"), closure.location);
    assert.equal(objectLocation(buffer, index, undefined), undefined);
  });

  it("a function without a file location (a string chunk) goes to the function holding it", () => {
    const fromString = {
      ...closure,
      source: '[string "x"]:1',
      location: null,
      paths: ['Root->(T)_G->(L@lib/bus.lua:9)handler->(L@[string "x"]:1)cb'],
    };
    assert.deepEqual(objectLocation(fromString, new Map(), CWD), { path: "/home/me/game/lib/bus.lua", line: 9 });
    const alone = { ...fromString, paths: ['Root->(T)_G->(L@[string "x"]:1)cb'] };
    assert.equal(objectLocation(alone, new Map(), CWD), undefined);
  });
});
