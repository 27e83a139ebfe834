-- P1 inside a host: a snapshot of 1M small tables `{i}` against one full
-- collection of the same heap, through `require "snapshot"`, in one process
-- (the fastest of five runs of each; every snapshot kept until the end, as
-- the engine's benchmark does). Runs in any host that loads the modules,
-- and in `lua-snapshot run` (the embedded runtime) for comparison:
--
--   LUA_CPATH='target/lua-modules/lua5.4/?.so' lua5.4 tests/bench/module_p1.lua
--   target/release/lua-snapshot run tests/bench/module_p1.lua
local snapshot = require "snapshot"

t = {}
for i = 1, 1000000 do
  t[i] = { i }
end
collectgarbage("collect")

local function fastest(f)
  local best = math.huge
  for _ = 1, 5 do
    local start = os.clock()
    f()
    best = math.min(best, os.clock() - start)
  end
  return best
end

local kept = {}
local gc = fastest(function() collectgarbage("collect") end)
local snap = fastest(function() kept[#kept + 1] = snapshot.snapshot() end)
print(string.format("%s: full GC %.3f s, snapshot %.3f s, snapshot / GC %.2fx",
  _VERSION, gc, snap, snap / gc))
