-- Loads code three ways, for loadedSources and the loadedSource events: a
-- module file, a chunk from a string (three times: listed once), and a
-- string chunk with its own name; then, with `many`, more string chunks
-- than the adapter lists.
local greeting = require("greeting")
local answer
for _ = 1, 3 do
  answer = load("return 40 + 2")()
end
local named = load("return 'named'", "named chunk")()
if arg[1] == "many" then
  for i = 1, 1100 do
    load("return " .. i)()
  end
end
print(greeting.greet("loader"), answer, named) -- @last
