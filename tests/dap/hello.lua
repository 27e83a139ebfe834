-- Output, arguments, environment, working directory and search paths.
local greeting = require("greeting") -- found through luaPath (lib/)
print("hello", 42, nil, true)
io.write("partial ", 1, " ", 2.5, "\n")
io.stdout:write("stdout method\n")
io.stderr:write("to stderr\n")
print("args:", select("#", ...), ...)
print("arg[1]:", arg[1])
print("env:", os.getenv("LUA_SNAPSHOT_TEST_VAR"))
print("removed:", os.getenv("LUA_SNAPSHOT_REMOVED"))
print("cwd has hello.lua:", io.open("hello.lua") ~= nil)
print(greeting.greet("dap"))
print("cpath has custom:", package.cpath:find("/custom/?.so", 1, true) ~= nil)
-- Whatever reaches file descriptor 1 must not corrupt the protocol stream,
-- and stdin is not the client's.
os.execute("echo from a child process")
print("stdin:", io.read())
