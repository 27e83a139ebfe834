//! What the walk asks of every runtime, as Lua 5.3 answers it: the roots
//! beside the registry (the basic-type metatables of the global state),
//! the collector's switch, and none of the objects and edges other
//! runtimes add (environments, FFI data, compiled traces).

use super::*;
use crate::model::Kind;
use mlua::ffi;

/// The registry key of the globals table (`LUA_RIDX_GLOBALS`).
pub const REGISTRY_GLOBALS_KEY: Option<i64> = Some(2);
// Offsets into `global_State` (x86-64), checked when a module loads
// (`check`) and by the vendored build's tests.
pub(super) const G_REGISTRY: usize = 64;
pub(super) const G_MAINTHREAD: usize = 200;
pub(super) const G_MT: usize = 416;
/// Basic types with a metatable slot (`LUA_NUMTAGS`).
const NUMTAGS: usize = 9;

/// The global state of the VM `l` belongs to.
pub(super) unsafe fn global(l: *const c_void) -> *const u8 {
    // SAFETY: `l` is a live thread; `l_G` points at its global state.
    unsafe { (*(l as *const LuaState)).l_g as *const u8 }
}

/// A word of the global state.
pub(super) unsafe fn g_word(g: *const u8, offset: usize) -> usize {
    // SAFETY: `g` is a live global state and `offset` one of its fields.
    unsafe { *(g.add(offset) as *const usize) }
}

/// Whether an integer key of the registry is a `luaL_ref` reference (the
/// host's or the tool's), not one of Lua's own entries (1: the main thread,
/// 2: the globals).
pub fn is_registry_ref(key: i64) -> bool {
    !(1..=2).contains(&key)
}

/// The kind of object a value is, if it is one.
#[inline]
pub fn kind_of(v: TValue) -> Option<Kind> {
    if !v.is_collectable() {
        return None;
    }
    match v.variant() {
        VLCL => Some(Kind::Function),
        VCCL => Some(Kind::CFunction),
        TTABLE => Some(Kind::Table),
        TUSERDATA => Some(Kind::Userdata),
        TTHREAD => Some(Kind::Thread),
        VSHRSTR | VLNGSTR => Some(Kind::String),
        _ => None,
    }
}

/// Stops the collector; returns whether it was running.
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn gc_stop(l: *mut ffi::lua_State) -> bool {
    // SAFETY: the caller's contract; these options never raise.
    unsafe {
        let running = ffi::lua_gc(l, ffi::LUA_GCISRUNNING, 0) != 0;
        ffi::lua_gc(l, ffi::LUA_GCSTOP, 0);
        running
    }
}

/// The globals table when the registry does not hold it: never in 5.3.
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn separate_globals(_l: *mut ffi::lua_State) -> Option<usize> {
    None
}

/// Roots the collector marks beside the registry and the basic-type
/// metatables: none in 5.3 (the main thread is in the registry).
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn other_roots(_l: *mut ffi::lua_State) -> Vec<(&'static str, Kind, usize)> {
    Vec::new()
}

/// Metatables shared by all values of a basic type, by type tag: the
/// global state's `mt` array, which the collector marks (`markmt`).
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn basic_metatables(l: *mut ffi::lua_State) -> Vec<(u8, usize)> {
    // SAFETY: `l` is live; `mt` holds null or live tables.
    unsafe {
        let g = global(l as *const c_void);
        (0..NUMTAGS)
            .map(|tag| (tag as u8, g_word(g, G_MT + 8 * tag)))
            .filter(|&(_, mt)| mt != 0)
            .collect()
    }
}

/// Environment tables: 5.1's and LuaJIT's; 5.3 has none.
///
/// # Safety
/// `_o` is a live object of the kind asked.
pub unsafe fn function_env(_o: *const c_void) -> usize {
    0
}
/// As [`function_env`].
///
/// # Safety
/// As [`function_env`].
pub unsafe fn udata_env(_o: *const c_void) -> usize {
    0
}
/// As [`function_env`].
///
/// # Safety
/// As [`function_env`].
pub unsafe fn thread_env(_o: *const c_void) -> usize {
    0
}
