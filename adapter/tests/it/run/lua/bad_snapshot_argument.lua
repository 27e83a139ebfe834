-- `snapshot(tbl, name)` needs a table: a number is refused with an error
-- that says what was expected and what was given.
local snapshot = require "snapshot"
snapshot.snapshot(42, "answer")
