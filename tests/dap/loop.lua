-- A loop that runs until a debugger sets `done` (or forever).
done = false
local count = 0

local function step(n)
  return n + 1 -- @step
end

while not done do
  count = step(count) -- @loop
end
print("loop ended after", count > 0)
