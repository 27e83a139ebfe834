-- 1,000 closures, each capturing its own local: each is a closure and an
-- upvalue cell (40 bytes each on Lua 5.4, 48 on LuaJIT). The script prints how much
-- `collectgarbage("count")` grew (after full collections on both sides)
-- while it made them; `keeper` and its slot exist before, so nothing else
-- grows.
keeper = { false }
-- LuaJIT would compile the loop: its traces count in collectgarbage("count")
-- but are not objects of the report.
if jit then
  jit.off()
end

local function heap_bytes()
  collectgarbage()
  collectgarbage()
  return math.floor(collectgarbage("count") * 1024)
end

local start = heap_bytes()
local closures = {}
for i = 1, 1000 do
  local v = i
  closures[i] = function() return v end
end
keeper[1] = closures
print("heap growth: " .. (heap_bytes() - start))
