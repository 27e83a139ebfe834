-- About a million Lua frames: `dive` takes no argument and calls itself in
-- register 0, so each level costs one stack slot (Lua's limit is a million
-- slots), then an uncaught error at the bottom stops the debugger.
-- DEEP_STACK_DEPTH sets the depth (tests/bench/dap_scale.py).
local depth = 0
local target = tonumber(os.getenv("DEEP_STACK_DEPTH")) or 950000
local function dive()
  depth = depth + 1
  if depth < target then
    dive() -- a statement, not a tail call: every level keeps its frame
  else
    error("at the bottom") -- @bottom
  end
end
dive()
