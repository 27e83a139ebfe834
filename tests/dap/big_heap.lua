-- A million small tables, then a stop: the heap a 1,000,000-object
-- snapshot over DAP walks.
Big = {}
for i = 1, 1000000 do
  Big[i] = { i }
end
Done = true -- @built
