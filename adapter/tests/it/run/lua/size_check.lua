-- 10,000 tables of 10 array items each. The script prints how much
-- `collectgarbage("count")` grew (after full collections on both sides);
-- the sizes lua-snapshot reports for what is left must add up to about that.
local function heap_bytes()
  collectgarbage()
  collectgarbage()
  return math.floor(collectgarbage("count") * 1024)
end

local start = heap_bytes()
rows = {}
for i = 1, 10000 do
  rows[i] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }
end
print("heap growth: " .. (heap_bytes() - start))
