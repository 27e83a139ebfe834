-- A game loop that subscribes one listener per frame. The listener `on`
-- returns is an argument of `frame`, a temporary of the loop's statement,
-- while the program is stopped in `update`; the module's `listeners` table
-- holds it too (the module is run's fixture, found through `luaPath`).
local events = require "temporaries_events"

local function update(n)
  return n -- @stop
end

local function frame(listener, n)
  return listener, n
end

for i = 1, 2 do
  frame(events.on(function() return i end), update(i))
end
