-- An error inside a coroutine surfaces through coroutine.wrap.
local gen = coroutine.wrap(function()
  error("inside coroutine") -- @coerr
end)
gen() -- @call
