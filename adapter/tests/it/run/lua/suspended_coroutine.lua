-- A suspended coroutine keeps its frame alive: the table in its local `name`
-- and the table passed as an extra argument (a vararg) are reported through
-- the thread's frame, not as anonymous stack slots.
worker = coroutine.create(function(...)
  local name = { "held by a local of the coroutine" }
  coroutine.yield(#name)
  return ...
end)

coroutine.resume(worker, { "held as vararg 1" })
