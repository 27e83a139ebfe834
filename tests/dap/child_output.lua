-- Output that does not go through print or io.write: a child process
-- writing to the inherited descriptor 1, and C's stdout buffer.
io.write("")
io.stdout:write("")
os.execute("echo from-a-child")
print("done")
