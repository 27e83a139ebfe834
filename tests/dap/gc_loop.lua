-- A finalizer that never returns: Lua runs no hook inside it.
do
  setmetatable({}, { __gc = function() while true do end end })
end
print("finalizer armed")
collectgarbage()
print("not reached")
