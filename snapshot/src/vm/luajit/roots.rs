//! What only LuaJIT's global state knows: the roots beside the registry
//! (the main thread and its environment, the basic-type metatables, the
//! default I/O files, the FFI's finalizer table), the collector's switch,
//! the C type table that says how big FFI data are, and compiled traces.

use super::*;
use mlua::ffi;

/// Array slot `i` of a table holds key `i` (slot 0 is key 0).
pub const ARRAY_BASE: i64 = 0;
/// LuaJIT keeps the globals outside the registry (see `separate_globals`).
pub const REGISTRY_GLOBALS_KEY: Option<i64> = None;

/// Every integer key of the registry is a `luaL_ref` reference or its
/// free list (key 0).
pub fn is_registry_ref(_key: i64) -> bool {
    true
}

// Offsets into `global_State` (x86-64, GC64), checked when a module loads
// (`check`) and by the vendored build's tests.
pub(super) const G_GC_THRESHOLD: usize = 24;
pub(super) const G_GC_ROOT: usize = 40;
pub(super) const G_STREMPTY: usize = 120;
pub(super) const G_MAINTHREF: usize = 192;
pub(super) const G_REGISTRYTV: usize = 272;
pub(super) const G_CTYPE_STATE: usize = 392;
pub(super) const G_GCROOT: usize = 432;
/// `gcroot` entries: metamethod names, then one metatable per basic type
/// (by `~itype`), then the default I/O files and the FFI's finalizers.
pub(super) const GCROOT_BASEMT: usize = 22;
const GCROOT_IO_INPUT: usize = 36;
const GCROOT_IO_OUTPUT: usize = 37;
const GCROOT_FFI_FIN: usize = 38;
/// `gc.threshold` while the collector is stopped (`LJ_MAX_MEM64`).
const MAX_MEM: u64 = 1 << 47;

/// The global state of the VM `l` belongs to.
pub(super) unsafe fn global(l: *const c_void) -> *const u8 {
    // SAFETY: `l` is a live thread; `glref` points at its global state.
    unsafe { (*(l as *const LuaState)).glref as *const u8 }
}

/// A word of the global state.
pub(super) unsafe fn g_word(g: *const u8, offset: usize) -> usize {
    // SAFETY: `g` is a live global state and `offset` one of its fields.
    unsafe { *(g.add(offset) as *const usize) }
}

thread_local! {
    /// Set by `gc_stop` for `cdata_size`, which is given only the object:
    /// the C type table of the VM being walked. One walk at a time per
    /// thread.
    static CTYPES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Bytes in use by the VM (`collectgarbage("count")`).
///
/// # Safety
/// `l` is a live state on this thread.
pub unsafe fn heap_bytes(l: *mut ffi::lua_State) -> usize {
    // SAFETY: LUA_GCCOUNT(B) only read counters.
    unsafe {
        ffi::lua_gc(l, ffi::LUA_GCCOUNT, 0) as usize * 1024
            + ffi::lua_gc(l, ffi::LUA_GCCOUNTB, 0) as usize
    }
}

/// Stops the collector; returns whether it was running.
pub unsafe fn gc_stop(l: *mut ffi::lua_State) -> bool {
    // SAFETY: `l` is live; LUA_GCSTOP never raises.
    unsafe {
        let g = global(l as *const c_void);
        CTYPES.with(|c| c.set(g_word(g, G_CTYPE_STATE)));
        let running = g_word(g, G_GC_THRESHOLD) as u64 != MAX_MEM;
        ffi::lua_gc(l, ffi::LUA_GCSTOP, 0);
        running
    }
}

/// Lets the collector run again.
pub unsafe fn gc_restart(l: *mut ffi::lua_State) {
    // SAFETY: LUA_GCRESTART never raises.
    unsafe {
        ffi::lua_gc(l, ffi::LUA_GCRESTART, 0);
    }
}

/// The main thread.
pub(super) unsafe fn main_thread(l: *const c_void) -> usize {
    // SAFETY: `l` is live.
    unsafe { g_word(global(l), G_MAINTHREF) }
}

/// The globals table: the main thread's environment, which the collector
/// marks as a root; the walk shows it as the registry's `_G`, as in 5.4.
pub unsafe fn separate_globals(l: *mut ffi::lua_State) -> Option<usize> {
    // SAFETY: `l` is live, so is its main thread.
    unsafe {
        let env = thread_env(main_thread(l as *const c_void) as *const c_void);
        (env != 0).then_some(env)
    }
}

/// The roots `gc_mark_start` marks besides the registry and the basic-type
/// metatables.
pub unsafe fn other_roots(l: *mut ffi::lua_State) -> Vec<(&'static str, Kind, usize)> {
    // SAFETY: `l` is live; `gcroot` holds null or live objects.
    unsafe {
        let g = global(l as *const c_void);
        let root = |i: usize| g_word(g, G_GCROOT + 8 * i);
        let mut roots = vec![("main thread", Kind::Thread, main_thread(l as *const c_void))];
        for (name, kind, i) in [
            ("io default input", Kind::Userdata, GCROOT_IO_INPUT),
            ("io default output", Kind::Userdata, GCROOT_IO_OUTPUT),
            ("ffi finalizers", Kind::Table, GCROOT_FFI_FIN),
        ] {
            if root(i) != 0 {
                roots.push((name, kind, root(i)));
            }
        }
        roots
    }
}

/// Metatables shared by all values of a basic type, by Lua 5.4 type tag
/// (`CDATA_TAG` for FFI data), from `gcroot` (`basemt_it`).
pub unsafe fn basic_metatables(l: *mut ffi::lua_State) -> Vec<(u8, usize)> {
    // SAFETY: `l` is live; `gcroot` holds null or live tables.
    unsafe {
        let g = global(l as *const c_void);
        let mut found: Vec<(u8, usize)> = Vec::new();
        for (itype, tag) in [
            (LJ_TNIL, TNIL),
            (LJ_TFALSE, TBOOLEAN),
            (LJ_TTRUE, TBOOLEAN),
            (LJ_TLIGHTUD, TLIGHTUSERDATA),
            (LJ_TNUMX, TNUMBER),
            (LJ_TSTR, TSTRING),
            (LJ_TFUNC, TFUNCTION),
            (LJ_TTHREAD, TTHREAD),
            (LJ_TCDATA, crate::model::CDATA_TAG),
        ] {
            let mt = g_word(g, G_GCROOT + 8 * (GCROOT_BASEMT + !itype as usize));
            if mt != 0 && !found.iter().any(|&(t, m)| t == tag && m == mt) {
                found.push((tag, mt));
            }
        }
        found
    }
}

/// Bytes of the payload of FFI data of C type `id` (`lj_cdata_free`).
pub(super) unsafe fn ctype_size(id: u16) -> usize {
    const CT_HASSIZE: u32 = 5;
    const CT_ATTRIB: u32 = 8;
    const CTSIZE_PTR: usize = 8;
    // SAFETY: `CTYPES` is the live C type table of the VM being walked
    // (set by `gc_stop`), and a live cdata's type id is in it.
    unsafe {
        let cts = CTYPES.with(|c| c.get()) as *const *const [u32; 6];
        if cts.is_null() || (*cts).is_null() {
            return 0;
        }
        let tab = *cts;
        let mut info = (*tab.add(id as usize))[0];
        let mut size = (*tab.add(id as usize))[1];
        // Attributes wrap the type they qualify (`ctype_raw`).
        for _ in 0..64 {
            if info >> 28 != CT_ATTRIB {
                break;
            }
            let child = (info & 0xffff) as usize;
            info = (*tab.add(child))[0];
            size = (*tab.add(child))[1];
        }
        if info >> 28 <= CT_HASSIZE {
            size as usize
        } else {
            CTSIZE_PTR
        }
    }
}

// Compiled traces (`GCtrace` of `lj_jit.h`).
const T_IR: usize = 32;
const T_NK: usize = 40;
const T_TRACENO: usize = 104;
const T_LINK: usize = 106;
const T_NEXTROOT: usize = 110;
const T_NEXTSIDE: usize = 112;
/// IR constants end below `REF_TRUE` (`REF_BIAS - 3`).
const REF_TRUE: u32 = 0x8000 - 3;
const IR_KGC: u8 = 24;
const IR_KNULL: u8 = 27;
/// IR types whose constants take two IR slots in GC64 (`IRT_IS64`).
const IRT_IS64: u32 = (1 << 14)
    | (1 << 21)
    | (1 << 22)
    | (1 << 9)
    | (1 << 3)
    | (1 << 4)
    | (1 << 6)
    | (1 << 7)
    | (1 << 8)
    | (1 << 10)
    | (1 << 11)
    | (1 << 12)
    | 1;

/// The objects that the traces numbered `roots` hold as constants, with
/// their side traces and the traces they link to (`gc_traverse_trace`), as
/// (root trace, value). Traces are found through the list of all objects
/// (`gc.root`), once per walk and only when some prototype has one.
pub unsafe fn trace_constants(l: *mut ffi::lua_State, roots: &[u16], out: &mut Vec<(u16, TValue)>) {
    // SAFETY: `l` is live with its collector stopped: the object list and
    // every trace on it stay as they are during the walk.
    unsafe {
        let g = global(l as *const c_void);
        let mut traces = std::collections::HashMap::new();
        let mut o = g_word(g, G_GC_ROOT) as *const u8;
        while !o.is_null() {
            if gct(o as *const c_void) == !LJ_TTRACE as u8 {
                traces.insert(*(o.add(T_TRACENO) as *const u16), o);
            }
            o = *(o as *const usize) as *const u8;
        }
        let mut seen = std::collections::HashSet::new();
        for &root in roots {
            let mut todo = vec![root];
            while let Some(n) = todo.pop() {
                if n == 0 || !seen.insert(n) {
                    continue;
                }
                let Some(&t) = traces.get(&n) else { continue };
                let ir = *(t.add(T_IR) as *const *const u64);
                let mut r = *(t.add(T_NK) as *const u32);
                while r < REF_TRUE {
                    let ins = *ir.add(r as usize);
                    let (ty, op) = ((ins >> 32) as u8 & 0x1f, (ins >> 40) as u8);
                    if op == IR_KGC {
                        let obj = *ir.add(r as usize + 1) as usize as *const c_void;
                        if !obj.is_null() {
                            out.push((root, TValue::object(obj, !(gct(obj) as u32))));
                        }
                    }
                    if (IRT_IS64 >> ty) & 1 != 0 && op != IR_KNULL {
                        r += 1;
                    }
                    r += 1;
                }
                for link in [T_LINK, T_NEXTROOT, T_NEXTSIDE] {
                    todo.push(*(t.add(link) as *const u16));
                }
            }
        }
    }
}
