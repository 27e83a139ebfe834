-- A file the workloads never run: breakpoints here must cost (almost) nothing.
local M = {}
function M.unused(x)
  return x + 1 -- @unused
end
return M
