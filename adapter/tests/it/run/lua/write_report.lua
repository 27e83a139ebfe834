-- lsnapshot.write_report: a closure leaked per frame, written as a leak
-- report (the `run --leaks --json` document), then every refusal.
local lss = require "lsnapshot"
local out_dir = arg[1]

listeners = {}
local function frame(n)
  listeners[#listeners + 1] = function() return n end
  local garbage = { n }
  return garbage
end

print("error", select(2, pcall(lss.write_report, out_dir .. "/early.json")))
lss.start_snapshot()
for n = 1, 5 do
  frame(n)
end
print("count", lss.write_report(out_dir .. "/leaks.json"))
print("count", lss.write_report(out_dir .. "/top1.json", { top = 1 }))

print("error", select(2, pcall(lss.write_report, out_dir)))
print("error", select(2, pcall(lss.write_report, 42)))
print("error", select(2, pcall(lss.write_report, out_dir .. "/x.json", { top = -1 })))
print("error", select(2, pcall(lss.write_report, out_dir .. "/x.json", 5)))
print("error", select(2, pcall(lss.write_report, out_dir .. "/no/such/dir/x.json")))
