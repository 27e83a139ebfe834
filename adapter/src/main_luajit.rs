//! `lua-snapshot-luajit` (LuaJIT 2.1): the command line of `lua-snapshot`
//! for LuaJIT scripts (`lua_snapshot::cli`).

lua_snapshot::binary_main!();
