-- restartFrame: a function called by pcall runs again from its start.
Runs = 0
local function inner(x)
  return x * 2 -- @inner
end
local function work(n, ...)
  Runs = Runs + 1 -- @first
  n = n + 100
  local _, r = pcall(inner, n)
  return r, select("#", ...)
end
local ok, r, extra = pcall(work, 5, "a", "b")
print("result", ok, r, extra, Runs)
