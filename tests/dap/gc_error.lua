-- An error inside __gc is reported as a warning; the script goes on.
do
  setmetatable({}, { __gc = function() error("gc failure") end })
end
collectgarbage()
collectgarbage()
print("still running")
