-- Uses both modules, then lets the host close the state (the host runs it
-- twice, in two states one after the other).
local lss = require "lsnapshot"
local snapshot = require "snapshot"
lss.start_snapshot()
local s1 = snapshot.snapshot()
garbage = {}
for i = 1, 1000 do
  garbage[i] = { i }
end
kept = snapshot.incr(s1, snapshot.snapshot())
garbage = nil
collectgarbage()
function update(frame)
  return frame < 3
end
