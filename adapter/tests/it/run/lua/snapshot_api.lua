-- Every function of the `snapshot` module once: snapshot (whole VM and one
-- table), incr, decr, copy, free, and the six ways to show a listing. Files
-- go to the directory given as the first argument; printed listings are
-- framed by "== name" lines.
local snapshot = require "snapshot"
local out_dir = arg[1]

inventory = { "sword" }

local s1 = snapshot.snapshot()
inventory[2] = { name = "shield" }
inventory[3] = { name = "potion" }
local s2 = snapshot.snapshot()
inventory[3] = nil
local s3 = snapshot.snapshot()

local added = snapshot.incr(s1, s2)
local removed = snapshot.decr(s2, s3)

print("== print")
snapshot.print(added)
print("== print_json")
snapshot.print_json(added)
print("== print_jsonfmt")
snapshot.print_jsonfmt(added)
print("== decr")
snapshot.print(removed)
print("== end")

snapshot.to_file(added, out_dir .. "/incr.txt")
snapshot.to_jsonfile(added, out_dir .. "/incr.json")
snapshot.to_jsonfilefmt(added, out_dir .. "/incr_fmt.json")
snapshot.to_jsonfile(snapshot.snapshot(inventory, "inventory"), out_dir .. "/inventory.json")

-- A copy is an independent handle with the same listing: it still works
-- after the original is freed, and the freed original is refused.
local copied = snapshot.copy(added)
snapshot.to_jsonfile(copied, out_dir .. "/copy.json")
snapshot.free(added)
snapshot.to_jsonfile(copied, out_dir .. "/copy_after_free.json")
local ok, err = pcall(snapshot.print, added)
print("== after free")
print(ok, err)
