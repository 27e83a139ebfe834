-- A coroutine created and started before any breakpoint is set; a
-- breakpoint set later inside its body must still be hit.
local co = coroutine.wrap(function()
  local n = 0
  while true do
    n = n + 1
    coroutine.yield(n) -- @yield
  end
end)

done = false
local last = 0
while not done do
  last = co() -- @main
end
print("coroutine ran", last > 0)
