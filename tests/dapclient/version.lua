-- Prints which Lua runs it: `_VERSION` and, on LuaJIT, `jit.version`.
-- Used by vscode-extension/test/adapter/runtime.test.ts: the launch
-- attribute `runtime` picks the adapter binary, this says which Lua it has.
print(_VERSION, type(jit) == "table" and jit.version or "no jit")
