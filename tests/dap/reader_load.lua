-- The file with a breakpoint is compiled by `load` from a reader function:
-- Lua code runs while its prototypes are being built (debugger/loaded.rs
-- must wait until their chunk name is set).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)")
local path = dir .. "lib/marked_chunk.lua"
local lines = {}
for line in io.lines(path) do
  lines[#lines + 1] = line .. "\n"
end
local i = 0
local chunk = assert(load(function()
  i = i + 1
  return lines[i]
end, "@" .. path))
chunk()
