-- `to_file` into a directory that does not exist fails with an error naming
-- the file. The first argument is an existing directory.
local snapshot = require "snapshot"
snapshot.to_file(snapshot.snapshot(), arg[1] .. "/no-such-dir/listing.txt")
