-- The second snapshot is taken inside the argument list of a call: the
-- listeners table, a listener and a fresh table sit in unnamed stack slots of
-- the main chunk (temporaries) while it is taken. The listeners table and the
-- listener are also held by the module `temporaries_events`; the fresh table
-- only by its slot.
local snapshot = require "snapshot"
local events = require "temporaries_events"
local out_dir = arg[1]

local before = snapshot.snapshot()
events.on(function() return "tick" end)

local function keep(listeners, listener, fresh, after)
  snapshot.to_jsonfile(snapshot.incr(before, after), out_dir .. "/incr.json")
  return listeners, listener, fresh
end

keep(events.listeners, events.listeners[1], { "only in a temporary" }, snapshot.snapshot())
