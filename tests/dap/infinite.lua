-- A tight infinite loop without calls: only pause can stop it.
local i = 0
while true do
  i = i + 1 -- @spin
end
