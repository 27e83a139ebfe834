-- A weak-valued cache does not keep its values alive, so they are not
-- reported even while they still sit in the cache (the collector is stopped,
-- so they are still there when the snapshot is taken). Strings are never
-- weak. A strong table keeps its object keys alive: those are reported
-- through `[key]`.
local snapshot = require "snapshot"
local out_dir = arg[1]

collectgarbage("stop")
local before = snapshot.snapshot()

local function fill()
  cache = setmetatable({}, { __mode = "v" })
  cache.player = { "only in the weak cache" }
  cache.banner = string.rep("=", 40)

  owners = {}
  owners[{ "an object key" }] = "owner"
end
fill()

local after = snapshot.snapshot()
snapshot.to_jsonfile(snapshot.incr(before, after), out_dir .. "/incr.json")

-- Proof that the weak value was alive when `after` was taken.
local f = assert(io.open(out_dir .. "/weak_value.txt", "w"))
f:write(assert(string.format("%p", cache.player)))
f:close()
