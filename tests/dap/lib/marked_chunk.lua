-- Loaded by hook_paths.lua after plain_chunk.lua was collected.
local y = 2 -- @marked
return y
