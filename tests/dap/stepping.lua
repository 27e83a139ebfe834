-- Stepping into, over and out of functions, and across coroutines.
local function inner(x)
  local y = x * 2 -- @inner
  return y -- @innerret
end

local function outer(x)
  local a = inner(x) -- @outercall
  local b = a + 1 -- @outernext
  return b -- @outerret
end

local r = outer(1) -- @maincall
print("r", r) -- @mainnext

local co = coroutine.create(function(v)
  local w = v + 1 -- @cobody
  coroutine.yield(w) -- @coyield
  return w -- @coreturn
end)
coroutine.resume(co, 1) -- @resume1
coroutine.resume(co) -- @resume2
print("done") -- @done
