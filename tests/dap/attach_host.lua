-- A host for the attach tests: a "game" that runs frames under
-- `lua-snapshot run`, listens for a debugger with lsnapshot.listen and
-- polls between frames. Each frame's update() leaks one closure into
-- `listeners`. The host ends when something sets the global `done` (a
-- client's evaluate), or after two minutes.
--   arg[1]: "busy" (frames spin in Lua), "idle" (frames wait in C and
--   poll), "stall" (a 3 s C call before the first frame)
local lsnapshot = require "lsnapshot"
local mode = arg[1] or "busy"
local port = lsnapshot.listen{port = 0}
io.stderr:write("attach_host listening on ", port, "\n")

listeners = {}
frames = 0
done = false

function update(frame)
  frames = frame -- @update
  listeners[#listeners + 1] = function() -- @leak
    return frame
  end
end

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
