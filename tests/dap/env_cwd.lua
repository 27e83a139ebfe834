-- Prints what a launch's `env` and `cwd` gave the script.
print("var=" .. tostring(os.getenv("LUA_SNAPSHOT_TEST_VAR")))
local marker = io.open("marker.txt")
print("marker=" .. tostring(marker ~= nil))
if marker then
  marker:close()
end
