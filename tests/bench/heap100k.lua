-- 100,000 small tables, then a stop: the heap of the snapshot round trip.
Objects = {}
for i = 1, 100000 do
  Objects[i] = { i }
end
Ready = true -- @ready
Objects[#Objects + 1] = {} -- @again
