-- `incr` needs two snapshots: a plain table in second place is refused.
local snapshot = require "snapshot"
snapshot.incr(snapshot.snapshot(), { "not a snapshot" })
