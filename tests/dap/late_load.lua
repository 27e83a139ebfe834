-- The only file with a breakpoint (lib/greeting.lua) is loaded late, by a
-- coroutine, and its function is called from the main thread: no hook runs
-- before the load, and the breakpoint must still stop.
local function spin(n)
  local x = 0
  for i = 1, n do x = x + i end
  return x
end

spin(1000)
local load_it = coroutine.wrap(function()
  coroutine.yield(require("greeting"))
end)
local greeting = load_it()
print(greeting.greet("late"))
