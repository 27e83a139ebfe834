-- Breakpoints: lines without code, conditions, hit counts, log points, and
-- code in another file.
local greeting = require("greeting")

local total = 0

-- A comment line, then a blank line: a breakpoint here moves down.
-- @comment

local function add(i)
  total = total + i -- @add
  return total
end

for i = 1, 10 do
  add(i) -- @call
end

print(greeting.greet("breakpoints"))
print("total", total) -- @last
