-- A closure factory whose product is stored in a global table: the closure
-- (defined on line 8) and the upvalue table it captures are reported, the
-- factory itself (a local of the finished main chunk) is not.
handlers = {}

local function make_ticker(interval)
  local state = { interval = interval, count = 0 }
  return function(dt)
    state.count = state.count + dt
  end
end

handlers.onTick = make_ticker(5)
handlers.onTick(1)
