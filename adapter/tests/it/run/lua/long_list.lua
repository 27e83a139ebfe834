-- A 200,000-node linked list left in a global: every node's path is a
-- chain of `next` steps, elided in the middle past 36 steps.
local head = nil
for _ = 1, 200000 do
  head = { next = head }
end
list = head
