//! `lua-snapshot-5.3` (Lua 5.3): the command line of `lua-snapshot` for
//! Lua 5.3 scripts (`lua_snapshot::cli`).

lua_snapshot::binary_main!();
