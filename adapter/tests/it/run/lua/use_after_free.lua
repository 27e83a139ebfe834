-- A freed snapshot cannot be used again.
local snapshot = require "snapshot"
local s = snapshot.snapshot()
snapshot.free(s)
snapshot.incr(s, snapshot.snapshot())
