-- C frames (table.sort calling a comparator) and code loaded from strings.
local function cmp(a, b)
  return a < b -- @cmp
end
local t = { 3, 1, 2 }
table.sort(t, cmp)

local function target(x)
  return x + 1 -- @target
end
local anonymous = load("local f = ...\nreturn function(x)\n  return f(x) * 2\nend")(target)
local named = load("local f = ...\nreturn function(x)\n  return f(x) * 3\nend", "mychunk")(target)
print(anonymous(1), named(1))
