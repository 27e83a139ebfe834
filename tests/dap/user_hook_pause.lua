-- A script's call hook counts the calls of `step` while the client pauses
-- the loop: no call may be missed across the interrupt.
local calls, iterations = 0, 0

local function step(i)
  return i
end

debug.sethook(function()
  if debug.getinfo(2, "f").func == step then
    calls = calls + 1
  end
end, "c")
done = false
while not done do
  iterations = iterations + 1
  step(iterations)
end
debug.sethook()
print(string.format("calls=%d iterations=%d", calls, iterations))
local last = iterations -- @after
return last
