-- Values as the Variables view, hovers and the REPL show them.
local big = {}
for i = 1, 250 do
  big[i] = i * i
end
local obj = setmetatable({ name = "obj" }, { __index = { kind = "class" } })
local upcount = 7

local function show(a, b, ...)
  local s = "quote\"d\nline"
  local n = 1.5
  local flag = true
  local nothing = nil
  local f = show
  local t = { 1, 2, x = { y = "deep" }, [true] = "yes", ["with space"] = 1 }
  local seen = #big + #obj.name -- @vars
  upcount = upcount + 1
  print("n", n, "up", upcount, "seen", seen, "g", GLOBAL_VALUE) -- @after
  return t, f, flag, nothing, s
end

GLOBAL_VALUE = "global"
show("first", 2, "extra1", "extra2")
