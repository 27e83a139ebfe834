-- A game that a debugger attaches to: it opens its debug server with
-- lsnapshot.listen, and its host calls update(frame) once per frame: the C
-- host of tests/host/ (which polls between frames: poll_between_frames),
-- or attach_host.lua's loop under `lua-snapshot run`. Every frame leaks one
-- closure into `listeners`; the attach tests find it in a diff and stop in
-- update().
local lsnapshot = require "lsnapshot"
lsnapshot.listen{port = 0}
poll_between_frames = true

listeners = {}
frames = 0

function update(frame)
  frames = frame -- @update
  listeners[#listeners + 1] = function() -- @leak
    return frame
  end
  -- A function that appears once a client sets `spawn_later` (function
  -- breakpoints find names that get a value later).
  if spawn_later then
    spawn_later = false
    function spawned(n)
      return n -- @spawned
    end
  end
  if spawned then
    spawned(frame)
  end
end
