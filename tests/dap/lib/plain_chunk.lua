-- Loaded and dropped by hook_paths.lua; no breakpoint here.
local x = 1
return x
