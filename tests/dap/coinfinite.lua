-- An infinite loop inside a coroutine that never yields: pause must reach
-- the coroutine, not only the main thread.
local co = coroutine.create(function()
  local n = 0
  while true do
    n = n + 1 -- @cospin
  end
end)
coroutine.resume(co) -- @resume
