-- The same situation with the `snapshot` module: `held` lives only in a local
-- of `outer` while `inner` takes the second snapshot. Neither the tool's
-- frame nor its module tables and functions show up in the snapshots; the
-- script writes their addresses so the test can check.
local snapshot = require "snapshot"
local lss = require "lsnapshot"
local out_dir = arg[1]

local function inner()
  return snapshot.snapshot()
end

local function outer(before)
  local held = { "held by a local of outer" }
  local after = inner()
  snapshot.to_jsonfile(snapshot.incr(before, after), out_dir .. "/incr.json")
  snapshot.to_jsonfile(after, out_dir .. "/full.json")
  return held
end

outer(snapshot.snapshot())

local f = assert(io.open(out_dir .. "/tool.txt", "w"))
for _, module in ipairs({ snapshot, lss }) do
  f:write(string.format("%p\n", module))
  for _, fn in pairs(module) do
    f:write(string.format("%p\n", fn))
  end
end
f:close()
