import { strict as assert } from "node:assert";
import { resolveAfterSubstitution, resolveBeforeSubstitution } from "../../src/launchConfig";

describe("launch configuration", () => {
  it("F5 on a Lua file with no launch.json runs that file", () => {
    const r = resolveBeforeSubstitution({}, true);
    assert.ok("config" in r);
    assert.equal(r.config.type, "lua-snapshot");
    assert.equal(r.config.request, "launch");
    assert.equal(r.config.program, "${file}");
  });

  it("refuses to start without a program, with a message that says what to do", () => {
    const empty = resolveBeforeSubstitution({}, false);
    assert.ok("error" in empty && empty.error.includes("Open a Lua file"));
    const noProgram = resolveBeforeSubstitution({ type: "lua-snapshot", request: "launch", name: "x" }, true);
    assert.ok("error" in noProgram && noProgram.error.includes('"program"'));
  });

  it("keeps the user's attributes", () => {
    const r = resolveBeforeSubstitution({ type: "lua-snapshot", request: "launch", name: "x", program: "a.lua", snapshotOnStop: true }, false);
    assert.ok("config" in r);
    assert.equal(r.config.snapshotOnStop, true);
  });

  it("defaults cwd to the workspace folder, else the program's folder", () => {
    const base = { type: "lua-snapshot", request: "launch", name: "x" };
    assert.equal(resolveAfterSubstitution({ ...base, program: "/w/src/a.lua" }, "/w").cwd, "/w");
    assert.equal(resolveAfterSubstitution({ ...base, program: "/w/src/a.lua" }, undefined).cwd, "/w/src");
    assert.equal(resolveAfterSubstitution({ ...base, program: "src/a.lua" }, "/w").program, "/w/src/a.lua");
    assert.equal(resolveAfterSubstitution({ ...base, program: "/a.lua", cwd: "/c" }, "/w").cwd, "/c");
  });
});
