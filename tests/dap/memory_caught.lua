-- Allocates under pcall until the memory limit stops it; the error is caught.
local ok, err = pcall(function()
  local t = {}
  local i = 0
  while true do
    i = i + 1
    t[i] = string.rep("y", 1024) .. i -- @grows
  end
end)
t = nil
collectgarbage()
print("caught:", ok, err)
