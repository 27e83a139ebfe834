-- A global list that only ever grows: between two snapshots the script
-- appends 5 records, and `incr` shows the 5 new tables (reached through
-- `_G`) and the list's growth by 5 entries.
local snapshot = require "snapshot"
local out_dir = arg[1]

history = { { id = 0 } }

local function record(id)
  history[#history + 1] = { id = id }
end

local before = snapshot.snapshot()
for id = 1, 5 do
  record(id)
end
local after = snapshot.snapshot()

local added = snapshot.incr(before, after)
snapshot.to_jsonfile(added, out_dir .. "/incr.json")
snapshot.print(added)
