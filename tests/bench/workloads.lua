-- The workloads of the debugger-overhead benchmark. Each prints its
-- own CPU time (os.clock), so the adapter's start-up does not count. Each
-- runs at least half a second under `lua-snapshot run`, so that timer
-- resolution and scheduling noise stay small against the ratios.
local which = arg[1] or "loop"
if arg[2] == "with-other" then
  -- Loads the file the "breakpoint in another file" runs set a breakpoint
  -- in, without calling into it.
  dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "other.lua")
end

local function fib(n) -- @fib
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local function loop()
  local x = 0
  for i = 1, 110000000 do
    x = x + i % 7 -- @loop
  end
  return x
end

local function churn()
  local keep = {}
  for i = 1, 5500000 do
    local t = { i, i + 1, name = "n" } -- @churn
    keep[i % 1000 + 1] = t
  end
  return #keep
end

-- Code loaded from strings, each chunk with a nested function: what the
-- debugger's watch on new prototypes (breakpoints, loaded sources) costs.
local function loads()
  local n = 0
  for i = 1, 240000 do
    local f = load("local a = ... return function(b) return a + b + " .. i .. " end") -- @loads
    n = n + f(i)(1)
  end
  return n
end

local work = { loop = loop, fib = function() return fib(36) end, churn = churn, loads = loads }
local start = os.clock()
work[which]()
print(string.format("elapsed %.6f", os.clock() - start))
