-- Function breakpoints: a field of a global table, a method, a function
-- defined later, one redefined.
Game = {}
function Game.update(dt)
  return dt * 2 -- @update
end

Entity = {}
Entity.__index = Entity
function Entity:spawn(n)
  self.n = n -- @spawn
  return self
end

local total = 0
for i = 1, 5 do
  total = total + Game.update(i) -- @loop
end
Entity.spawn(setmetatable({}, Entity), 1)
setmetatable({}, Entity):spawn(2)

function Later(x) return x + 1 end -- @later
function Game.update(dt) return -dt end -- @redefined
-- Calls until the debugger says `Done` (names are looked up again
-- periodically, not at every assignment).
local start = os.clock()
while not Done and os.clock() - start < 20 do
  Later(1)
  total = total + Game.update(5)
end
print("total", total)
