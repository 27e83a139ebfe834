-- Unbounded recursion: a Lua stack overflow.
local function recurse(n)
  return 1 + recurse(n + 1) -- @recurse
end
recurse(1)
