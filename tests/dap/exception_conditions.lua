-- Errors of several kinds, each caught by pcall, then one uncaught: for the
-- conditions of the exception filters.
local function fail(value)
  error(value) -- @raise
end
local http = { __tostring = function(e) return "http " .. e.code end }
print(pcall(fail, "first failure"))
print(pcall(fail, "second failure"))
print(pcall(fail, setmetatable({ code = 404 }, http)))
print(pcall(fail, "third failure"))
fail("last failure") -- @uncaught
