-- An error caught by pcall, then an uncaught one.
local function fail(msg)
  error(msg) -- @raise
end

local ok, err = pcall(fail, "caught one")
print("pcall returned", ok, err)

local t = nil
local function boom()
  return t.field -- @boom
end
boom()
