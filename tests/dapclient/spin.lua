-- An infinite loop without calls, announced on stdout first: a client that
-- has seen "spinning" knows the loop is running and only pause can stop it.
-- Used by vscode-extension/test/adapter (the DebugClient suite).
local i = 0
print("spinning")
while true do
  i = i + 1 -- @spin
end
