/**
 * Folding by dominator (issue 19), on hand-made JSON that follows the
 * contract: every object has `retained_size`, `class` and `dominator` (the
 * address of the nearest reported object that dominates it, or null).
 * Objects without them (older adapters) stay a flat list.
 */
import { strict as assert } from "node:assert";
import { parseDiffBody, type HeapObject } from "../../src/protocol";
import { foldObjects } from "../../src/tree/fold";
import { diffNode } from "../../src/tree/model";
import { childrenOf, hasChildren, type TreeNode } from "../../src/tree/node";
import { MAX_ROWS } from "../../src/tree/objects";
import { CWD, diffBody } from "./fixtures";

const HEAD = "0x1000";
const N = 100_000;
const NODE_SIZE = 104;

/** A leaked list: a head table and N nodes, each dominated by the one before (as the adapter would send it). */
function leakedList(): unknown {
  const added: unknown[] = [
    {
      address: HEAD,
      type: "table",
      size: 56,
      source: null,
      location: null,
      paths: ["Root->(T)[registry]->(T)_G->(T)list"],
      retained_size: 56 + N * NODE_SIZE,
      class: "List",
      dominator: null,
    },
  ];
  for (let i = 0; i < N; i++) {
    added.push({
      address: `0x${(0x2000 + i).toString(16)}`,
      type: "table",
      size: NODE_SIZE,
      source: null,
      location: null,
      paths: [`Root->(T)[registry]->(T)_G->(T)list${"->(T)next".repeat(Math.min(i + 1, 3))}`],
      retained_size: (N - i) * NODE_SIZE,
      class: "Node",
      dominator: i === 0 ? HEAD : `0x${(0x2000 + i - 1).toString(16)}`,
    });
  }
  // The adapter's order is largest first by own size; shuffle a little to show the fold does not rely on it.
  [added[1], added[N]] = [added[N], added[1]];
  return { from: 1, to: 2, addedCount: N + 1, addedSize: 56 + N * NODE_SIZE, added, removedCount: 0, removedSize: 0, grown: [], diagnostics: [] };
}

const objectsOf = (nodes: TreeNode[]) => nodes.filter((n) => n.kind === "object");

describe("tree: objects folded by dominator", function () {
  // 100,000 objects take about a second on a busy 2-core machine: mocha's 2 s default is no bound to test.
  this.timeout(60_000);
  let body: ReturnType<typeof parseDiffBody>;

  before(() => {
    body = parseDiffBody(leakedList());
  });

  it("a leaked list of 100,000 nodes is one entry that retains them all", () => {
    const d = diffNode("s1", { seq: 1, origin: "command", body }, [], CWD, true);
    const [head, ...others] = objectsOf(d.children!);
    assert.equal(others.length, 0);
    assert.equal(head!.label, `table ${HEAD}`);
    assert.equal(head!.description, "List · 56 B · retains 100,000 objects, 9.9 MB · list");
    assert.ok(hasChildren(head!));
    // Nothing below the head is built before it is expanded.
    assert.equal(head!.children, undefined);
    // Expanded: its path, then the first node, which retains the rest.
    const [path, first, ...more] = childrenOf(head!);
    assert.equal(path!.kind, "path");
    assert.equal(more.length, 0);
    assert.equal(first!.id, "s1/diff/1/object/0x2000");
    assert.match(first!.description!, /^Node · 104 B · retains 99,999 objects, 9\.9 MB/);
    // Deep in the chain, ids stay short (the diff's id and the address).
    let node = first!;
    for (let i = 0; i < 50; i++) node = objectsOf(childrenOf(node))[0]!;
    assert.equal(node.id, `s1/diff/1/object/0x${(0x2000 + 50).toString(16)}`);
    // No "more" row: every object is listed, folded.
    assert.equal(d.children!.filter((n) => n.kind === "more").length, 0);
  });

  it("a fold of 100,000 is counted without recursion, and once per list", () => {
    const fold = foldObjects(body.added);
    assert.equal(foldObjects(body.added), fold);
    const last = body.added.find((o) => o.address === `0x${(0x2000 + N - 1).toString(16)}`)!;
    assert.equal(fold.retainedCount(fold.tops[0]!), N);
    assert.equal(fold.retainedCount(last), 0);
  });

  it("tops are ordered by retained size, own size shown too", () => {
    const mk = (address: string, size: number, retained: number, dominator: string | null = null): HeapObject => ({
      address,
      type: "table",
      size,
      source: null,
      location: null,
      paths: [`Root->(T)_G->(T)t${address}`],
      retained_size: retained,
      class: "table",
      dominator,
    });
    const fold = foldObjects([mk("0xa", 500, 500), mk("0xb", 40, 4000), mk("0xc", 100, 100, "0xb"), mk("0xd", 60, 60, "0xb")]);
    assert.deepEqual(
      fold.tops.map((o) => o.address),
      ["0xb", "0xa"],
    );
    assert.deepEqual(
      fold.children(fold.tops[0]!).map((o) => o.address),
      ["0xc", "0xd"],
    );
  });

  it("a dominator that is not listed, a cycle and a repeated address do not lose objects", () => {
    const mk = (address: string, dominator: string | null): HeapObject => ({
      address,
      type: "table",
      size: 10,
      source: null,
      location: null,
      paths: [],
      dominator,
    });
    const fold = foldObjects([mk("0x1", "0xgone"), mk("0x2", "0x3"), mk("0x3", "0x2"), mk("0x1", null)]);
    assert.deepEqual(
      fold.tops.map((o) => o.address),
      ["0x1", "0x2"],
    );
    assert.equal(fold.retainedCount(fold.tops[1]!), 1);
  });

  it("old JSON without the new fields shows as before: every object a top entry, by size", () => {
    const d = diffNode("s1", { seq: 1, origin: "stop", body: diffBody() }, [], CWD, true);
    const objects = objectsOf(d.children!);
    assert.equal(objects.length, 4);
    assert.ok(objects.every((o) => !o.description!.includes("retains") && o.children !== undefined));
  });

  it("a node folding more than MAX_ROWS objects lists the largest and sums up the rest", () => {
    const top: HeapObject = { address: "0xt", type: "table", size: 8, source: null, location: null, paths: [], retained_size: 8 + (MAX_ROWS + 2) * 10, dominator: null };
    const kids: HeapObject[] = Array.from({ length: MAX_ROWS + 2 }, (_, i) => ({
      address: `0xk${i}`,
      type: "string",
      size: 10,
      source: null,
      location: null,
      paths: [],
      retained_size: 10,
      dominator: "0xt",
    }));
    const body = { ...diffBody(), added: [top, ...kids], addedCount: kids.length + 1, grown: [] };
    const d = diffNode("s1", { seq: 1, origin: "stop", body }, [], CWD, true);
    const rows = childrenOf(objectsOf(d.children!)[0]!);
    assert.equal(rows.length, MAX_ROWS + 1);
    assert.equal(rows.at(-1)!.label, "… 2 more objects not listed");
    assert.equal(rows.at(-1)!.description, "20 B");
  });
});
