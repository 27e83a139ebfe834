-- Address reuse: table A is freed after the first snapshot and a new table B
-- is allocated in A's block before the second. Comparing by address alone
-- would call B "A, unchanged"; `incr` must list B as new and `decr` A as
-- freed.
local snapshot = require "snapshot"
local out_dir = arg[1]

-- A is made and its address read on coroutines of their own: no register
-- of the main thread holds it (LuaJIT's collector also reads the slots of a
-- running frame that hold values of calls that returned).
local function make_a()
  coroutine.wrap(function()
    slot = {}                         -- A
  end)()
end
local function address_of_slot()
  return coroutine.wrap(function()
    return string.format("%p", slot)
  end)()
end
-- Free A, then allocate empty tables until one lands at A's address. The
-- candidates are kept in a preallocated array so that nothing else of their
-- size is allocated (or freed) while searching.
local function find_reuse(a_address)
  local candidates = { false, false, false, false, false, false, false, false,
    false, false, false, false, false, false, false, false }
  slot = nil
  collectgarbage()
  for round = 1, 1000 do
    for i = 1, #candidates do
      candidates[i] = {}
    end
    for i = 1, #candidates do
      if string.format("%p", candidates[i]) == a_address then
        return candidates[i], round
      end
    end
  end
end

-- Whether the allocator gives A's block back depends on its state (and on
-- LuaJIT a stale stack slot can keep A one collection longer): a few
-- attempts, each with its own A and its own first snapshot.
local before, a_address, b
for attempt = 1, 5 do
  make_a()
  a_address = address_of_slot()       -- a string older than the snapshot
  before = snapshot.snapshot()
  b = find_reuse(a_address)
  if b then break end
end
if not b then
  error("the allocator never reused A's address " .. a_address)
end
slot, b = b, nil                      -- B (held by `slot` only)

local after = snapshot.snapshot()
snapshot.to_jsonfile(snapshot.incr(before, after), out_dir .. "/incr.json")
snapshot.to_jsonfile(snapshot.decr(before, after), out_dir .. "/decr.json")

local f = assert(io.open(out_dir .. "/addresses.txt", "w"))
f:write(a_address, " ", address_of_slot(), "\n")
f:close()
