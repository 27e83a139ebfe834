-- Runs until terminated, leaking a table now and then: snapshots are taken
-- while it runs, without stopping it.
Kept = {}
local n = 0
while true do
  n = n + 1
  if n % 100000 == 0 then
    Kept[#Kept + 1] = { n } -- @keep
  end
end
