-- Requires both module names (two files: two loaded libraries) in the
-- order given by arg[1]; prints whether the state holds one tool: both
-- tables are the ones of the tool in the registry, and how many of the
-- tool's libraries the loader holds (Lua 5.4 in registry._CLIBS, LuaJIT in
-- the registry itself, as "LOADLIB: <path>").
local first, second = "lsnapshot", "snapshot"
if arg[1] == "snapshot-first" then
  first, second = second, first
end
local a = require(first)
local b = require(second)
local tool = debug.getregistry()["lua-snapshot.modules"]
print("same", rawequal(tool[first], a), rawequal(tool[second], b))
local libraries = 0
for key in pairs(debug.getregistry()._CLIBS or debug.getregistry()) do
  if type(key) == "string" and key:match("snapshot%.so$") then
    libraries = libraries + 1
  end
end
print("libraries", libraries)
-- Both libraries' functions work on the one tool.
local lss, snapshot = package.loaded.lsnapshot, package.loaded.snapshot
lss.start_snapshot()
local before = snapshot.snapshot()
kept = { "kept" }
snapshot.print_json(snapshot.incr(before, snapshot.snapshot()))
