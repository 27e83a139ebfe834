-- 1,000 tables of class Entity in a list; prints the address of the
-- second node, whose retainer chain the .heapsnapshot test follows.
Entity = {}
Entity.__index = Entity
for i = 1, 1000 do
  list = setmetatable({ next = list, i }, Entity)
end
io.stderr:write(string.format("%p\n", list.next))
