-- A list of Entity tables that grows by 1,000 nodes between two stops.
Entity = {}
Entity.__index = Entity
local function grow(n)
  for _ = 1, n do
    list = setmetatable({ next = list }, Entity)
  end
end
grow(10)
print("before") -- @before
grow(1000)
print("after") -- @after
