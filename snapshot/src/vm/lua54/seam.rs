//! What the walk asks of every runtime that Lua 5.4 answers in its own way:
//! the roots beside the registry, the collector's switch, and the objects
//! and edges other runtimes have and 5.4 has not (environments, FFI data,
//! compiled traces).

use super::*;
use crate::model::Kind;
use mlua::ffi;

/// Array slot `i` of a table holds key `i + ARRAY_BASE`.
pub const ARRAY_BASE: i64 = 1;
/// Slots from a frame's function to its first local.
pub const FRAME_HEADER: usize = 1;
/// The registry key of the globals table (`LUA_RIDX_GLOBALS`).
pub const REGISTRY_GLOBALS_KEY: Option<i64> = Some(2);
/// No Lua 5.4 value has this variant: the FFI data of LuaJIT.
pub const VCDATA: u8 = 0xff;

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

/// The bytes of a name the compiler recorded (an upvalue's or a local's):
/// a Lua string in 5.4.
///
/// # Safety
/// `name` comes from `proto_upvalue_name` or `proto_active_locals` of a
/// live prototype.
pub unsafe fn debug_name_bytes<'a>(name: *const c_void) -> &'a [u8] {
    // SAFETY: the caller's contract: a live string.
    unsafe { string_bytes(name) }
}

/// Bytes in use by the VM (`collectgarbage("count")`).
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn heap_bytes(l: *mut ffi::lua_State) -> usize {
    // SAFETY: the caller's contract; LUA_GCCOUNT(B) only read counters.
    unsafe {
        ffi::lua_gc(l, ffi::LUA_GCCOUNT) as usize * 1024
            + ffi::lua_gc(l, ffi::LUA_GCCOUNTB) as usize
    }
}

/// Stops the collector; returns whether it was running.
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn gc_stop(l: *mut ffi::lua_State) -> bool {
    // SAFETY: the caller's contract; these options never raise.
    unsafe {
        let running = ffi::lua_gc(l, ffi::LUA_GCISRUNNING) != 0;
        ffi::lua_gc(l, ffi::LUA_GCSTOP);
        running
    }
}

/// Lets the collector run again.
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn gc_restart(l: *mut ffi::lua_State) {
    // SAFETY: the caller's contract; LUA_GCRESTART never raises.
    unsafe {
        ffi::lua_gc(l, ffi::LUA_GCRESTART);
    }
}

/// The globals table when the registry does not hold it: never in 5.4.
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn separate_globals(_l: *mut ffi::lua_State) -> Option<usize> {
    None
}

/// Roots the collector marks beside the registry and the basic-type
/// metatables: none in 5.4 (the main thread is in the registry).
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn other_roots(_l: *mut ffi::lua_State) -> Vec<(&'static str, Kind, usize)> {
    Vec::new()
}

/// Metatables shared by all values of a basic type (by 5.4 type tag),
/// read with `lua_getmetatable` on a value of that type pushed without
/// allocating.
///
/// # Safety
/// `l` is a live state on this thread with 2 free stack slots.
pub unsafe fn basic_metatables(l: *mut ffi::lua_State) -> Vec<(u8, usize)> {
    unsafe extern "C-unwind" fn nothing(_: *mut ffi::lua_State) -> std::os::raw::c_int {
        0
    }
    let mut found = Vec::new();
    // SAFETY: the caller's contract; light C functions, booleans, numbers
    // and the fixed error message push without allocating.
    unsafe {
        for tag in [
            TNIL,
            TBOOLEAN,
            TLIGHTUSERDATA,
            TNUMBER,
            TSTRING,
            TFUNCTION,
            TTHREAD,
        ] {
            match tag {
                TNIL => ffi::lua_pushnil(l),
                TBOOLEAN => ffi::lua_pushboolean(l, 0),
                TLIGHTUSERDATA => ffi::lua_pushlightuserdata(l, std::ptr::null_mut()),
                TNUMBER => ffi::lua_pushinteger(l, 0),
                // The VM interns and fixes this message at startup, so pushing it
                // finds the existing string instead of allocating one.
                TSTRING => {
                    ffi::lua_pushstring(l, c"not enough memory".as_ptr());
                }
                TFUNCTION => ffi::lua_pushcfunction(l, nothing),
                _ => {
                    ffi::lua_pushthread(l);
                }
            }
            if ffi::lua_getmetatable(l, -1) != 0 {
                found.push((tag, ffi::lua_topointer(l, -1) as usize));
                ffi::lua_pop(l, 1);
            }
            ffi::lua_pop(l, 1);
        }
    }
    found
}

/// Environment tables: LuaJIT's; 5.4 has none.
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

/// FFI data: LuaJIT's; never reached in 5.4.
///
/// # Safety
/// Never called with a 5.4 object.
pub unsafe fn cdata_size(_o: *const c_void) -> usize {
    0
}

/// Compiled traces of a prototype: LuaJIT's; 5.4 has none.
///
/// # Safety
/// `_p` is a live prototype.
pub unsafe fn proto_root_trace(_p: *const c_void) -> u16 {
    0
}

/// The constants the traces numbered `roots` (and their side traces)
/// hold: LuaJIT's; 5.4 has none.
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn trace_constants(
    _l: *mut ffi::lua_State,
    _roots: &[u16],
    _out: &mut Vec<(u16, TValue)>,
) {
}
