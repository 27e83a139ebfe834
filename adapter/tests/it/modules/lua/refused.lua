-- Both module names, required in a Lua the modules must refuse: the error,
-- and nothing left behind (no module loaded, no tool in the registry). Lua
-- 5.4 leaves package.loaded[name] nil; LuaJIT's require leaves its
-- sentinel there after a loader error.
for _, name in ipairs({ "lsnapshot", "snapshot" }) do
  local ok, err = pcall(require, name)
  print(name, ok, (tostring(err):gsub("\n", " ")))
end
print("loaded", type(package.loaded.lsnapshot) == "table", type(package.loaded.snapshot) == "table")
print("tool", debug.getregistry()["lua-snapshot.modules"])
