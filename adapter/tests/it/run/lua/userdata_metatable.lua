-- A full userdata with a metatable: a file handle from io.tmpfile (the only
-- full userdata pure Lua can create). It is reported as `(U)` with the size
-- of its block; its metatable is the shared `FILE*` one from the registry.
local snapshot = require "snapshot"
local out_dir = arg[1]

journal = io.tmpfile()

snapshot.to_jsonfile(snapshot.snapshot(), out_dir .. "/full.json")
local f = assert(io.open(out_dir .. "/addresses.txt", "w"))
f:write(string.format("%p %p\n", journal, getmetatable(journal)))
f:close()
