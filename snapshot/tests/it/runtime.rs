//! What the tests expect that differs between the runtimes the engine
//! reads: where the main thread is, and object sizes.

/// The path of the main thread: the registry's first entry in Lua 5.4, a
/// root of its own in LuaJIT.
#[cfg(feature = "lua54")]
pub const MAIN_THREAD: &str = "Root->(T)[registry]->(S@[C])[1]";
#[cfg(feature = "luajit")]
pub const MAIN_THREAD: &str = "Root->(S@[C])[main thread]";

/// Bytes of a Lua function with `upvalues` upvalues.
pub fn closure_size(upvalues: usize) -> usize {
    if cfg!(feature = "luajit") {
        40 + 8 * upvalues
    } else {
        32 + 8 * upvalues
    }
}

/// Bytes of an upvalue cell.
pub const CELL_SIZE: usize = if cfg!(feature = "luajit") { 48 } else { 40 };

/// Bytes of a table whose array part holds keys `1..=slots` and that has
/// no hash part (LuaJIT's array part has a slot for key 0 too).
pub fn array_table_size(slots: usize) -> usize {
    if cfg!(feature = "luajit") {
        64 + 8 * (slots + 1)
    } else {
        56 + 16 * slots
    }
}

/// Bytes of a table with one string-keyed field (LuaJIT's smallest hash
/// part has two nodes, Lua 5.4's one).
pub fn one_field_table_size() -> usize {
    if cfg!(feature = "luajit") {
        64 + 2 * 24
    } else {
        56 + 24
    }
}
