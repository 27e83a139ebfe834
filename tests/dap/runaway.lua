-- A quiet program the runaway tests stop on entry, to evaluate hostile code
-- in its REPL.
local n = 0
while n < 3 do
  n = n + 1
end
print("counted", n)
