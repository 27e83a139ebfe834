-- A leaky event bus for the DebugClient suite's report test: the leak
-- report of `lua-snapshot run --leaks --json` and a live diff (a snapshot
-- at entry, one at @done) must give the same leaked-closure warnings.
Bus = { handlers = {} }

function Bus.on(handler)
  Bus.handlers[#Bus.handlers + 1] = handler
end

function Bus.watch(id)
  local state = { id = id, name = "watcher " .. id }
  Bus.on(function() -- @closure
    return state.id
  end)
end

for i = 1, 3 do
  Bus.watch(i)
end
Done = true -- @done
