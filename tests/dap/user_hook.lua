-- A script with its own debug hooks: the debugger's breakpoints must keep
-- working while and after it sets them, and the script's hook must see
-- exactly the events it asked for.
local seen = { lines = 0, calls = 0, tails = 0, returns = 0, counts = 0, other = 0 }

local function probe(tag)
  return tag -- @probe
end

local function counted()
  local a = 1
  local b = 2
  return a + b
end

local function tail()
  return counted()
end

local function userhook(event, line)
  local f = debug.getinfo(2, "f").func
  if event == "line" then
    if f == counted then
      seen.lines = seen.lines + 1
      assert(type(line) == "number")
    end
  elseif event == "call" then
    if f == counted then seen.calls = seen.calls + 1 end
  elseif event == "tail call" then
    if f == counted then seen.tails = seen.tails + 1 end
  elseif event == "return" then
    if f == counted then seen.returns = seen.returns + 1 end
  elseif event == "count" then
    seen.counts = seen.counts + 1
  else
    seen.other = seen.other + 1
  end
end

probe("before")
debug.sethook(userhook, "crl")
local f, mask, count = debug.gethook()
print("gethook", f == userhook, mask, count)
counted()
tail()
probe("during")
debug.sethook()
print("cleared", debug.gethook())
probe("after")

-- A count hook: every 100 instructions of a loop of known length.
debug.sethook(userhook, "", 100)
f, mask, count = debug.gethook()
print("gethook", f == userhook, mask, count)
for i = 1, 10000 do
  local _ = i
end
debug.sethook()
probe("counted")

-- A hook on a coroutine only: the main thread is not hooked.
local co = coroutine.create(function()
  counted()
  probe("in coroutine")
  coroutine.yield()
  counted()
end)
debug.sethook(co, userhook, "l")
print("co gethook", debug.gethook(co) == userhook, debug.gethook() == nil)
seen.lines = 0
coroutine.resume(co)
counted()
coroutine.resume(co)

-- An error in the hook propagates into the hooked code, as in Lua.
local ok, err = pcall(function()
  debug.sethook(function()
    debug.sethook()
    error("from the hook")
  end, "l")
  local _ = 1
end)
print("hook error", ok, err)
probe("end")

print(string.format("seen lines=%d calls=%d tails=%d returns=%d counts=%d other=%d",
  seen.lines, seen.calls, seen.tails, seen.returns, seen.counts, seen.other))
