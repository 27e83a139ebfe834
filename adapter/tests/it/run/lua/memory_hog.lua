-- Allocates without end: under --memory-limit the script gets Lua's
-- "not enough memory" error instead of exhausting the machine, and the
-- report still lists what it holds.
hog = {}
for i = 1, math.huge do
  hog[i] = { i }
end
