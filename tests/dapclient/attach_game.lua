-- A game for the C host of tests/host/ (one update() per frame, called
-- from C): it opens its debug server with lsnapshot.listen and lets the
-- host poll between frames. Every frame leaks one closure into
-- `listeners`; the attach tests find it in a diff and stop in update().
local lsnapshot = require "lsnapshot"
local port = lsnapshot.listen{port = 0}
io.stderr:write("attach_game port ", port, "\n")
poll_between_frames = true

listeners = {}
frames = 0

function update(frame)
  frames = frame -- @update
  listeners[#listeners + 1] = function() -- @leak
    return frame
  end
end
