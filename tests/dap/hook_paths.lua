-- Paths where the hook decides per function (debugger/protos.rs) and must
-- still stop: returning to a function with a breakpoint after a deep call
-- (the return hook is off inside the recursion), after an error unwound a
-- call below it, shadowed locals in simple conditions, and a chunk whose
-- prototype may take the address of a dead one.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)")

local function deep(n)
  if n == 0 then return 0 end
  return deep(n - 1) + 1
end

local function owner()
  local depth = deep(200)
  return depth -- @after_deep
end

local function fails()
  deep(50)
  error("boom")
end

local function catcher()
  local ok = pcall(fails)
  return ok -- @after_error
end

local function shadow()
  local v = 1
  do
    local v = 2
    v = v + 0 -- @shadow
  end
  return v
end

owner()
catcher()
shadow()

-- The chunk with no breakpoint runs, dies and is collected; the next one,
-- with a breakpoint, is loaded into the freed memory.
for _ = 1, 3 do
  local plain = assert(loadfile(dir .. "lib/plain_chunk.lua"))
  plain()
  plain = nil
  collectgarbage()
  collectgarbage()
  local marked = assert(loadfile(dir .. "lib/marked_chunk.lua"))
  marked()
end

print("done") -- @main_after
