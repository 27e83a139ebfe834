//! What only Lua 5.1's global state knows: the roots beside the registry
//! (the main thread and its globals, the basic-type metatables) and the
//! collector's switch; none of the objects LuaJIT adds (FFI data, traces).

use super::*;
use mlua::ffi;

/// 5.1 keeps the globals outside the registry (see `separate_globals`).
pub const REGISTRY_GLOBALS_KEY: Option<i64> = None;
// Offsets into `global_State` (x86-64), checked when a module loads
// (`check`) and by the vendored build's tests.
pub(super) const G_GCTHRESHOLD: usize = 112;
pub(super) const G_REGISTRY: usize = 160;
pub(super) const G_MAINTHREAD: usize = 176;
pub(super) const G_MT: usize = 224;
/// Basic types with a metatable slot (`NUM_TAGS`).
const NUM_TAGS: usize = 9;
/// `GCthreshold` while the collector is stopped (`MAX_LUMEM`).
const MAX_LUMEM: usize = usize::MAX - 2;

/// Every integer key of the registry is a `luaL_ref` reference or its free
/// list (key 0): 5.1 keeps nothing of its own there.
pub fn is_registry_ref(_key: i64) -> bool {
    true
}

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

/// Stops the collector; returns whether it was running (5.1 has no
/// `LUA_GCISRUNNING`: a stopped collector's threshold is `MAX_LUMEM`).
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn gc_stop(l: *mut ffi::lua_State) -> bool {
    // SAFETY: `l` is live; LUA_GCSTOP never raises.
    unsafe {
        let running = g_word(global(l as *const c_void), G_GCTHRESHOLD) != MAX_LUMEM;
        ffi::lua_gc(l, ffi::LUA_GCSTOP, 0);
        running
    }
}

/// The main thread.
pub(super) unsafe fn main_thread(l: *const c_void) -> usize {
    // SAFETY: `l` is live.
    unsafe { g_word(global(l), G_MAINTHREAD) }
}

/// The globals table: the main thread's environment, which the collector
/// marks as a root (`markroot`); the walk shows it as the registry's `_G`,
/// as in 5.4.
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn separate_globals(l: *mut ffi::lua_State) -> Option<usize> {
    // SAFETY: `l` is live, so is its main thread.
    unsafe {
        let env = thread_env(main_thread(l as *const c_void) as *const c_void);
        (env != 0).then_some(env)
    }
}

/// The roots `markroot` marks besides the registry, the globals and the
/// basic-type metatables: the main thread.
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn other_roots(l: *mut ffi::lua_State) -> Vec<(&'static str, Kind, usize)> {
    // SAFETY: `l` is live.
    unsafe { vec![("main thread", Kind::Thread, main_thread(l as *const c_void))] }
}

/// Metatables shared by all values of a basic type, by type tag: the
/// global state's `mt` array (`markmt`).
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn basic_metatables(l: *mut ffi::lua_State) -> Vec<(u8, usize)> {
    // SAFETY: `l` is live; `mt` holds null or live tables.
    unsafe {
        let g = global(l as *const c_void);
        (0..NUM_TAGS)
            .map(|tag| (tag as u8, g_word(g, G_MT + 8 * tag)))
            .filter(|&(_, mt)| mt != 0)
            .collect()
    }
}
