-- A script that raises an error from a nested call: the run fails with the
-- message and a traceback naming both functions.
local function parse(text)
  error("cannot parse '" .. text .. "'")
end

local function load_config()
  local config = parse("{{")
  return config
end

load_config()
