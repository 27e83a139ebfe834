//! Which Lua this build embeds or loads into: one per build, chosen by the
//! crate's runtime feature (`lua54`, `luajit`, `lua53` or `lua51`). Names only; what differs
//! in behaviour lives in a module per difference.

#[cfg(feature = "lua54")]
macro_rules! lua_name {
    () => {
        "Lua 5.4"
    };
}
#[cfg(feature = "luajit")]
macro_rules! lua_name {
    () => {
        "LuaJIT 2.1"
    };
}
#[cfg(feature = "lua53")]
macro_rules! lua_name {
    () => {
        "Lua 5.3"
    };
}
#[cfg(feature = "lua51")]
macro_rules! lua_name {
    () => {
        "Lua 5.1"
    };
}

/// The runtime, as messages and `--help` name it.
pub const LUA: &str = lua_name!();

/// `--version`: the crate's version and the runtime.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", lua_name!(), ")");

/// The binary of this runtime.
pub const BINARY: &str = if cfg!(feature = "luajit") {
    "lua-snapshot-luajit"
} else if cfg!(feature = "lua53") {
    "lua-snapshot-5.3"
} else if cfg!(feature = "lua51") {
    "lua-snapshot-5.1"
} else {
    "lua-snapshot"
};
