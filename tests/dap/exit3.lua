-- os.exit ends the script (not the adapter) with its code, even inside
-- pcall and coroutines.
print("before exit")
local co = coroutine.wrap(function()
  pcall(function()
    os.exit(3)
  end)
  print("not reached: pcall caught os.exit")
end)
co()
print("not reached: after os.exit")
