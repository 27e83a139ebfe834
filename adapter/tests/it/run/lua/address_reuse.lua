-- Address reuse: table A is freed after the first snapshot and a new table B
-- is allocated in A's block before the second. Comparing by address alone
-- would call B "A, unchanged"; `incr` must list B as new and `decr` A as
-- freed.
local snapshot = require "snapshot"
local out_dir = arg[1]

slot = {}                             -- A
local before = snapshot.snapshot()
local a_address = string.format("%p", slot)

-- Free A, then allocate empty tables until one lands at A's address. The
-- candidates are kept in a preallocated array so that nothing else of their
-- size is allocated (or freed) while searching.
local function find_reuse()
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
  error("the allocator never reused A's address " .. a_address)
end
slot = find_reuse()                   -- B

local after = snapshot.snapshot()
snapshot.to_jsonfile(snapshot.incr(before, after), out_dir .. "/incr.json")
snapshot.to_jsonfile(snapshot.decr(before, after), out_dir .. "/decr.json")

local f = assert(io.open(out_dir .. "/addresses.txt", "w"))
f:write(a_address, " ", string.format("%p", slot), "\n")
f:close()
