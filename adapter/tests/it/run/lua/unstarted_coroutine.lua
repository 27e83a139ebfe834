-- A coroutine that was created but never resumed: its body (a closure on the
-- thread's raw stack) captures `captured`, which stays alive through it.
local captured = { "captured by the body" }

pending = coroutine.create(function()
  return #captured
end)
