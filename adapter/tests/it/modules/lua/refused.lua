-- Both module names, required in a Lua the modules must refuse: the error,
-- and nothing left behind (no module loaded, no tool in the registry).
for _, name in ipairs({ "lsnapshot", "snapshot" }) do
  local ok, err = pcall(require, name)
  print(name, ok, (tostring(err):gsub("\n", " ")))
end
print("loaded", package.loaded.lsnapshot, package.loaded.snapshot)
print("tool", debug.getregistry()["lua-snapshot.modules"])
