-- A 3-cycle reachable from a global is reported once per object; a 3-cycle
-- that nothing reaches is not reported even though it is still in memory
-- (the collector is stopped, and a weak-keyed table proves it is alive).
local snapshot = require "snapshot"
local out_dir = arg[1]

local function ring()
  local a, b, c = {}, {}, {}
  a.next, b.next, c.next = b, c, a
  return a
end

collectgarbage("stop")
local before = snapshot.snapshot()
rooted = ring()
alive = setmetatable({}, { __mode = "k" })
alive[ring()] = true
local after = snapshot.snapshot()
snapshot.to_jsonfile(snapshot.incr(before, after), out_dir .. "/incr.json")

local f = assert(io.open(out_dir .. "/unrooted.txt", "w"))
local head = assert(next(alive))
f:write(string.format("%p %p %p\n", head, head.next, head.next.next))
f:close()
