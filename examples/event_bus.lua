-- A small event bus that leaks: every call to `watch` registers a closure
-- that is never unregistered, and each closure keeps its own state table.
EventBus = { handlers = {} }

function EventBus.on(event, handler)
  local list = EventBus.handlers[event]
  if not list then
    list = {}
    EventBus.handlers[event] = list
  end
  list[#list + 1] = handler
end

function EventBus.emit(event, ...)
  for _, handler in ipairs(EventBus.handlers[event] or {}) do
    handler(...)
  end
end

local function watch(entity)
  local state = { entity = entity, ticks = 0 }
  EventBus.on("tick", function(dt)
    state.ticks = state.ticks + dt
  end)
end

for i = 1, 3 do
  watch({ id = i, name = "entity " .. i })
end
EventBus.emit("tick", 1)

-- Temporary work that is released: not reported.
local scratch = {}
for i = 1, 100 do scratch[i] = { i } end
scratch = nil

print("handlers registered: " .. #EventBus.handlers.tick)
