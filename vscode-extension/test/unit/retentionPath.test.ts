import { strict as assert } from "node:assert";
import { functionPrefixes, holderFunction, holderFunctions, lastEdge, nearestFunction, parseSteps, splitSteps } from "../../src/tree/retentionPath";
import { resolveFunction } from "../../src/tree/resolve";

describe("retention paths", () => {
  it("splits a path into root, tags and edges", () => {
    const { root, steps } = parseSteps("Root->(T)[registry]->(T)_G->(L@bus.lua:16)tick->(T)[1]");
    assert.equal(root, "Root");
    assert.deepEqual(steps, [
      { tag: "(T)", edge: "[registry]" },
      { tag: "(T)", edge: "_G" },
      { tag: "(L@bus.lua:16)", edge: "tick" },
      { tag: "(T)", edge: "[1]" },
    ]);
  });

  it("does not split inside quoted keys, escapes included", () => {
    const path = 'Root->(T)_G->(T)["a->(L@fake.lua:1)b"]->(T)["q\\"->"]->(T)x';
    assert.deepEqual(splitSteps(path), ["Root", "(T)_G", '(T)["a->(L@fake.lua:1)b"]', '(T)["q\\"->"]', "(T)x"]);
    assert.equal(nearestFunction(path), undefined);
    assert.equal(lastEdge(path), "x");
  });

  it("finds the nearest Lua function: the last (L@SRC:LINE) tag", () => {
    const p = "Root->(T)_G->(L@a.lua:1)f->(T)t->(L@b/c.lua:7)[1]->(T)state";
    assert.deepEqual(nearestFunction(p), { src: "b/c.lua", line: 7 });
  });

  it("the holder of a function is the nearest function before its own tag", () => {
    const p = "Root->(T)_G->(L@a.lua:1)f->(T)t->(L@b.lua:7)[1]";
    assert.deepEqual(nearestFunction(p), { src: "b.lua", line: 7 });
    assert.deepEqual(holderFunction(p), { src: "a.lua", line: 1 });
    assert.deepEqual(holderFunction("Root->(T)_G->(L@a.lua:1)f->(T)t"), { src: "a.lua", line: 1 });
  });

  it("a local of a running function is held by that function (frame marker)", () => {
    const p = "Root->(T)[registry]->(S@co.lua:3 [C])[1]->(T)buf{#co.lua:1}";
    assert.deepEqual(nearestFunction(p), { src: "co.lua", line: 1 });
  });

  it("keeps Windows drive colons and main chunks (line 0)", () => {
    assert.deepEqual(nearestFunction("Root->(L@C:\\game\\main.lua:0)[chunk]->(T)x"), {
      src: "C:\\game\\main.lua",
      line: 0,
    });
  });

  it("has no function when only tables, threads and C functions hold the object", () => {
    assert.equal(nearestFunction("Root->(T)[registry]->(C)[2]->(T)[upvalue]"), undefined);
    assert.equal(lastEdge("Root"), "");
  });

  it("resolves sources: absolute as is, relative against cwd, cut or string chunks not at all", () => {
    const none = new Map<string, { path: string; line: number }>();
    assert.deepEqual(resolveFunction({ src: "/abs/x.lua", line: 3 }, none, "/cwd"), { path: "/abs/x.lua", line: 3 });
    assert.deepEqual(resolveFunction({ src: "lib/x.lua", line: 3 }, none, "/cwd"), { path: "/cwd/lib/x.lua", line: 3 });
    assert.deepEqual(resolveFunction({ src: "lib\\x.lua", line: 3 }, none, "C:\\game"), {
      path: "C:\\game\\lib\\x.lua",
      line: 3,
    });
    assert.equal(resolveFunction({ src: "lib/x.lua", line: 3 }, none, undefined), undefined);
    assert.equal(resolveFunction({ src: ".../long/x.lua", line: 3 }, none, "/cwd"), undefined);
    assert.equal(resolveFunction({ src: '[string "return 1"]', line: 1 }, none, "/cwd"), undefined);
  });

  it("lists the prefixes that end at a Lua function, longest first, with or without quoted keys", () => {
    const plain = "Root->(T)_G->(L@a.lua:1)f->(T)t->(L@c.lua:3)[1]->(T)state";
    assert.deepEqual(functionPrefixes(plain), ["Root->(T)_G->(L@a.lua:1)f->(T)t->(L@c.lua:3)[1]", "Root->(T)_G->(L@a.lua:1)f"]);
    const quoted = 'Root->(T)_G->(L@a.lua:1)f->(T)["x->(L@b.lua:2)"]->(L@c.lua:3)g->(T)t';
    assert.deepEqual(functionPrefixes(quoted), [
      'Root->(T)_G->(L@a.lua:1)f->(T)["x->(L@b.lua:2)"]->(L@c.lua:3)g',
      "Root->(T)_G->(L@a.lua:1)f",
    ]);
    // The object at the end is not its own holder.
    assert.deepEqual(functionPrefixes("Root->(T)_G->(L@a.lua:1)f"), []);
    assert.deepEqual(holderFunctions(plain), [
      { src: "c.lua", line: 3 },
      { src: "a.lua", line: 1 },
    ]);
  });
});
