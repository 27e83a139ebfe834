-- `free` gives a snapshot's memory back at once, while the handle itself is
-- still referenced. The snapshot data lives outside the Lua heap, so the
-- script measures the process's resident memory: keeping one snapshot of a
-- 200,000-object heap costs megabytes; taking and freeing 20 more (all
-- handles kept alive in `handles`) must cost far less than 20 times that.
local snapshot = require "snapshot"

local function resident_kb()
  local f = assert(io.open("/proc/self/status"))
  local status = f:read("a")
  f:close()
  return tonumber(status:match("VmRSS:%s*(%d+) kB"))
end

heap = {}
for i = 1, 200000 do
  heap[i] = {}
end

collectgarbage("stop")
local handles = {}
local start = resident_kb()
handles[1] = snapshot.snapshot()
local one = resident_kb() - start

local before_loop = resident_kb()
for i = 2, 21 do
  handles[i] = snapshot.snapshot()
  snapshot.free(handles[i])
end
local twenty_freed = resident_kb() - before_loop

print("one kept: " .. one .. " kB")
print("twenty freed: " .. twenty_freed .. " kB")
