-- A module loaded with require, for luaPath and breakpoints in other files.
local M = {}

function M.greet(name)
  local text = "greetings, " .. name -- @greet
  return text
end

return M
