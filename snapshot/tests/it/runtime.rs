//! What the tests expect that differs between the runtimes the engine
//! reads: where the main thread is, and object sizes.

/// The path of the main thread: the registry's first entry in Lua 5.4 and
/// 5.3, a root of its own in LuaJIT and 5.1.
#[cfg(any(feature = "lua54", feature = "lua53"))]
pub const MAIN_THREAD: &str = "Root->(T)[registry]->(S@[C])[1]";
#[cfg(any(feature = "luajit", feature = "lua51"))]
pub const MAIN_THREAD: &str = "Root->(S@[C])[main thread]";

/// Bytes of a Lua function with `upvalues` upvalues (5.1 and LuaJIT have
/// an environment in the header).
pub fn closure_size(upvalues: usize) -> usize {
    if cfg!(any(feature = "luajit", feature = "lua51")) {
        40 + 8 * upvalues
    } else {
        32 + 8 * upvalues
    }
}

/// Bytes of an upvalue cell.
pub const CELL_SIZE: usize = if cfg!(feature = "luajit") {
    48
} else if cfg!(feature = "lua53") {
    32
} else {
    40
};

/// Bytes of a table whose array part holds keys `1..=slots` and that has
/// no hash part (LuaJIT's array part has a slot for key 0 too).
pub fn array_table_size(slots: usize) -> usize {
    if cfg!(feature = "luajit") {
        64 + 8 * (slots + 1)
    } else if cfg!(feature = "lua51") {
        64 + 16 * slots
    } else {
        56 + 16 * slots
    }
}

/// Bytes of a table with one string-keyed field (LuaJIT's smallest hash
/// part has two nodes, the others one).
pub fn one_field_table_size() -> usize {
    if cfg!(feature = "luajit") {
        64 + 2 * 24
    } else if cfg!(feature = "lua51") {
        64 + 40
    } else if cfg!(feature = "lua53") {
        56 + 32
    } else {
        56 + 24
    }
}

/// Whether a closure of the same prototype and upvalues is made once and
/// reused (Lua 5.3's `getcached`).
pub const CACHED_CLOSURES: bool = cfg!(feature = "lua53");
