-- An object the host holds only through a registry reference (what
-- luaL_ref does for C code) is in the snapshots; the tool's own registry
-- references are not (the scenarios' "hides itself" checks the whole VM).
local snapshot = require "snapshot"
local before = snapshot.snapshot()
debug.getregistry()[1000] = { "held by the host's C code" }
snapshot.print_json(snapshot.incr(before, snapshot.snapshot()))
