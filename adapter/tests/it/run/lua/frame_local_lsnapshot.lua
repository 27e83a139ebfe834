-- A table held only by a local of an outer function that is still running
-- when the snapshot is taken from an inner function. The report names the
-- local and the frame; lsnapshot's own C frame is not in the thread's tag.
local lss = require "lsnapshot"

local function inner()
  lss.dstop_snapshot()
end

local function outer()
  local held = { "held by a local of outer" }
  inner()
  return held
end

lss.start_snapshot()
outer()
