-- The script's hook function is held by the debugger's record of hooks,
-- which snapshots do not see: a snapshot shows no retention by the tool.
local function probe(tag)
  return tag -- @probe
end

local function install()
  local held = { "only the hook holds this" }
  debug.sethook(function() return held end, "c") -- @hookfn
end

probe("before")
install()
probe("hooked")
debug.sethook()
