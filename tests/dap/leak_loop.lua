-- Leaks one closure (and the table it captures) per iteration: the
-- snapshotOnStop tests stop at @tick three times and expect each diff to
-- show exactly the last closure and its upvalue table.
Listeners = {}

local function subscribe(i)
  local state = { id = i }
  Listeners[#Listeners + 1] = function() return state.id end -- @closure
end

for i = 1, 3 do
  subscribe(i)
  Tick = i -- @tick
end
