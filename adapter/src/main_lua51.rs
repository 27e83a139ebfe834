//! `lua-snapshot-5.1` (Lua 5.1): the command line of `lua-snapshot` for
//! Lua 5.1 scripts (`lua_snapshot::cli`).

lua_snapshot::binary_main!();
