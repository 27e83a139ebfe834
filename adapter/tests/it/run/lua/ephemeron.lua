-- An ephemeron table (weak keys, strong values) retains a value only while
-- its key is reachable some other way. The collector is stopped, so both
-- entries are still in the table when the snapshot is taken.
local snapshot = require "snapshot"
local out_dir = arg[1]

collectgarbage("stop")
local before = snapshot.snapshot()

local function fill()
  props = setmetatable({}, { __mode = "k" })
  props[{ "key reachable only from props" }] = { "value of the lost key" }
  entity = { "key also held by a global" }
  props[entity] = { "value of the live key" }
end
fill()

local after = snapshot.snapshot()
snapshot.to_jsonfile(snapshot.incr(before, after), out_dir .. "/incr.json")

-- Addresses of every key and value still in the table (both entries).
local f = assert(io.open(out_dir .. "/entries.txt", "w"))
for k, v in pairs(props) do
  f:write(string.format("%p %p %s\n", k, v, k == entity and "live" or "lost"))
end
f:close()
