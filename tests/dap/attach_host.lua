-- attach_game.lua under `lua-snapshot run`: this script is its host, and
-- runs its frames until something sets the global `done` (a client's
-- evaluate), or for two minutes.
--   arg[1]: "busy" (frames spin in Lua), "idle" (frames wait in C and
--   poll), "stall" (a 3 s C call before the first frame)
local lsnapshot = require "lsnapshot"
local mode = arg[1] or "busy"
local here = arg[0]:match("^(.*/)") or "./"
dofile(here .. "attach_game.lua")
done = false

if mode == "stall" then
  os.execute("sleep 3")
  io.stderr:write("attach_host stall over\n")
end

local started = os.time()
local frame = 0
while not done and os.time() - started < 120 do
  frame = frame + 1
  update(frame)
  if mode == "idle" then
    os.execute("sleep 0.02")
  else
    local until_ = os.clock() + 0.01
    while os.clock() < until_ do end
  end
  lsnapshot.poll()
end
io.stderr:write("attach_host done after ", frame, " frames\n")
