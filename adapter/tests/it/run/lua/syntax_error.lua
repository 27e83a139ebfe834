-- A script that does not compile: line 4 has two `=` in a row.
local ok = true

local broken = = 1

return ok, broken
