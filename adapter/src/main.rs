//! `lua-snapshot` (Lua 5.4): run Lua scripts and report what they leave
//! behind, or serve the Debug Adapter Protocol (`lua_snapshot::cli`).

lua_snapshot::binary_main!();
