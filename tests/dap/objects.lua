-- Objects for completions, setExpression and value formatting.
local Entity = {}
Entity.__index = Entity
function Entity.new(name)
  return setmetatable({ name = name, hp = 10, items = { "a", "b", "c" } }, Entity)
end
function Entity:spawn() return self.name end
function Entity:hit(n) self.hp = self.hp - n end

-- Metamethods that count their runs, loop, or fail.
Calls = 0
local counted = setmetatable({}, {
  __index = function(_, k) Calls = Calls + 1; return k end,
  __newindex = function(t, k, v) Calls = Calls + 1; rawset(t, k, v * 2) end,
})
local looping = setmetatable({}, { __newindex = function() while true do end end })
local failing = setmetatable({}, { __newindex = function() error("read-only table") end })

Game = { state = { level = 3, score = 0 }, mode = "play" }
Big = {}
for i = 1, 50000 do Big["key" .. i] = i end

local speed = 2
local function update(player, dt)
  local mask = 255
  local self = player
  local count = #self.items + dt -- @stop
  print(count, mask, speed, self.hp, self.items[3], Game.state.level)
  print(counted.y, looping, failing)
  return count
end
update(Entity.new("hero"), 1)
