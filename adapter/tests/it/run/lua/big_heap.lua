-- A 1,000,000-node linked list and a table with 1,000,000 integer entries:
-- the walk is iterative, so neither depth nor breadth is a problem.
local N = 1000000

local head = nil
for _ = 1, N do
  head = { next = head }
end
list = head

numbers = {}
for i = 1, N do
  numbers[i] = i
end
