-- An interactive program: a prompt without a newline, a line and a number
-- read from stdin, a child process's output, and stderr.
io.write("name? ")
local name = io.read("l")
print("hello, " .. tostring(name))
local n = io.read("n")
print("twice:", n and n * 2)
os.execute("echo from a child")
io.stderr:write("to stderr\n")
print("rest:", #io.read("a"))
