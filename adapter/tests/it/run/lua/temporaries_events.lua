-- A module that keeps its listeners, as a game's event system does.
local events = { listeners = {} }

function events.on(f)
  local listeners = events.listeners
  listeners[#listeners + 1] = f
  return f
end

return events
