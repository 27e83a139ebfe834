-- `defaults` is reachable only as the `__index` of a metatable that hides
-- itself (`__metatable`) and whose metamethods all raise; `defaults` has a
-- metatable of its own whose `__index` raises too. The walk reads tables raw:
-- it reports `defaults` through `[metatable]`, calls nothing, and the run
-- exits normally.
local function raiser(name)
  return function()
    error(name .. " must not be called")
  end
end

local defaults = setmetatable({ color = "red" }, {
  __index = raiser("defaults.__index"),
})

config = setmetatable({}, {
  __index = defaults,
  __metatable = "locked",
  __pairs = raiser("__pairs"),
  __eq = raiser("__eq"),
  __len = raiser("__len"),
  __tostring = raiser("__tostring"),
})
assert(getmetatable(config) == "locked")
assert(config.color == "red")
