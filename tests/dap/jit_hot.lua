-- LuaJIT: a hot loop the JIT compiles before any breakpoint exists. The
-- tests set one inside it while the script runs, pause it, and ask
-- jit.status() from the Debug Console.
local traceinfo = require("jit.util").traceinfo

local function work(n)
  local s = 0
  for i = 1, n do
    s = s + i % 7 -- @hot
  end
  return s
end

for _ = 1, 300 do
  work(1000)
end
print("warm: trace " .. tostring(traceinfo(1) ~= nil) .. ", jit " .. tostring(jit.status()))
while true do
  work(100000) -- @call
end
