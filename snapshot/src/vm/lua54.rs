//! Memory layout of Lua 5.4 objects (transcribed from `lobject.h`, `lstate.h`,
//! `lfunc.h` and `lstring.h` of Lua 5.4.9, the version `mlua` vendors).
//!
//! This is the only file that knows how a Lua 5.4 VM lays out its objects.
//! Another VM version (5.1, 5.3, LuaJIT) gets a sibling module with the same
//! accessor functions; the walker only calls those accessors.
//!
//! Why read structs instead of `lua_next`/`lua_getupvalue`: the public API can
//! only reach an object that is on a Lua stack, so an iterative walk of a
//! 10-million-node list would have to keep millions of values on some Lua stack,
//! which means allocating in the observed state (and exceeding `LUAI_MAXSTACK`).
//! Reading the objects in place allocates nothing in the VM, calls no
//! metamethod and never converts a key.
//!
//! Every function here is `unsafe`: the caller guarantees that the pointer is a
//! live object of the named type in a VM that is not running (the walk happens
//! on the VM thread, inside a C call or hook, with the collector stopped).

#![allow(dead_code)]

pub mod check;
pub mod frame;
mod protos;
mod seam;
mod threads;

pub use protos::*;
pub use seam::*;
pub use threads::*;

use std::os::raw::c_void;

// Type tags (`lua.h`, `lobject.h`): low nibble = basic type, bits 4-5 = variant,
// bit 6 = collectable. The walk's names for values are 5.4's own tags
// (`variants`).
pub use super::variants::*;
pub const TUPVAL: u8 = 9;
pub const TPROTO: u8 = 10;
pub const BIT_ISCOLLECTABLE: u8 = 1 << 6;

/// `flags` bit of a table that caches "no `__mode` field" (`TM_MODE` = 3).
const TM_MODE_BIT: u8 = 1 << 3;
/// `flags` bit set when `alimit` is not the real array size.
const BITRAS: u8 = 1 << 7;
/// `callstatus` bit of a C call.
const CIST_C: u16 = 1 << 1;
/// Slots always allocated past `stack_last`.
const EXTRA_STACK: usize = 5;
/// `LUA_EXTRASPACE`: bytes allocated in front of every `lua_State`.
const EXTRASPACE: usize = std::mem::size_of::<*mut c_void>();
/// `ABSLINEINFO` marker in `lineinfo` and `MAXIWTHABS` from `ldebug.h`.
const ABSLINEINFO: i8 = -0x80;
const MAXIWTHABS: i32 = 128;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct TValue {
    pub value: u64,
    pub tt: u8,
}

impl TValue {
    pub fn is_collectable(&self) -> bool {
        self.tt & BIT_ISCOLLECTABLE != 0
    }
    /// Variant tag without the collectable bit.
    pub fn variant(&self) -> u8 {
        self.tt & 0x3f
    }
    pub fn basic_type(&self) -> u8 {
        self.tt & 0x0f
    }
    pub fn is_empty(&self) -> bool {
        self.basic_type() == TNIL
    }
    pub fn gc(&self) -> *const c_void {
        self.value as usize as *const c_void
    }
    pub fn as_int(&self) -> i64 {
        self.value as i64
    }
    pub fn as_float(&self) -> f64 {
        f64::from_bits(self.value)
    }
    /// The integer `i`.
    pub fn integer(i: i64) -> TValue {
        TValue {
            value: i as u64,
            tt: VNUMINT,
        }
    }
}

#[repr(C)]
pub struct Table {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    flags: u8,
    lsizenode: u8,
    alimit: u32,
    array: *mut TValue,
    node: *mut Node,
    lastfree: *mut Node,
    metatable: *mut Table,
    gclist: *mut c_void,
}

#[repr(C)]
pub struct Node {
    value: u64,
    tt: u8,
    key_tt: u8,
    next: i32,
    key_val: u64,
}

#[repr(C)]
struct TString {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    extra: u8,
    shrlen: u8,
    hash: u32,
    lnglen: usize,
    contents: [u8; 1],
}

#[repr(C)]
struct Udata {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    nuvalue: u16,
    len: usize,
    metatable: *mut Table,
    gclist: *mut c_void,
    uv: [TValue; 1],
}

#[repr(C)]
struct LClosure {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    nupvalues: u8,
    gclist: *mut c_void,
    p: *mut Proto,
    upvals: [*mut UpVal; 1],
}

#[repr(C)]
struct CClosure {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    nupvalues: u8,
    gclist: *mut c_void,
    f: *mut c_void,
    upvalue: [TValue; 1],
}

#[repr(C)]
struct UpVal {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    tbc: u8,
    v: *mut TValue,
    value: TValue,
}

#[repr(C)]
struct Upvaldesc {
    name: *mut TString,
    instack: u8,
    idx: u8,
    kind: u8,
}

#[repr(C)]
struct LocVar {
    varname: *mut TString,
    startpc: i32,
    endpc: i32,
}

#[repr(C)]
struct AbsLineInfo {
    pc: i32,
    line: i32,
}

#[repr(C)]
struct Proto {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    numparams: u8,
    is_vararg: u8,
    maxstacksize: u8,
    sizeupvalues: i32,
    sizek: i32,
    sizecode: i32,
    sizelineinfo: i32,
    sizep: i32,
    sizelocvars: i32,
    sizeabslineinfo: i32,
    linedefined: i32,
    lastlinedefined: i32,
    k: *mut TValue,
    code: *mut u32,
    p: *mut *mut Proto,
    upvalues: *mut Upvaldesc,
    lineinfo: *mut i8,
    abslineinfo: *mut AbsLineInfo,
    locvars: *mut LocVar,
    source: *mut TString,
    gclist: *mut c_void,
}

#[repr(C)]
struct CallInfo {
    func: *mut TValue,
    top: *mut TValue,
    previous: *mut CallInfo,
    next: *mut CallInfo,
    savedpc: *const u32,
    trap: i32,
    nextraargs: i32,
    c_ctx: usize,
    u2: i32,
    nresults: i16,
    callstatus: u16,
}

#[repr(C)]
struct LuaState {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    status: u8,
    allowhook: u8,
    nci: u16,
    top: *mut TValue,
    l_g: *mut c_void,
    ci: *mut CallInfo,
    stack_last: *mut TValue,
    stack: *mut TValue,
    openupval: *mut UpVal,
    tbclist: *mut TValue,
    gclist: *mut c_void,
    twups: *mut c_void,
    error_jmp: *mut c_void,
    base_ci: CallInfo,
    hook: *mut c_void,
    errfunc: isize,
    n_ccalls: u32,
    oldpc: i32,
    basehookcount: i32,
    hookcount: i32,
    hookmask: i32,
}

// The sizes the C compiler gives these structs on LP64 targets; a wrong
// transcription fails the build instead of misreading the heap.
#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<TValue>() == 16);
    assert!(size_of::<Table>() == 56);
    assert!(size_of::<Node>() == 24);
    assert!(offset_of!(TString, contents) == 24);
    assert!(offset_of!(Udata, uv) == 40);
    assert!(offset_of!(LClosure, upvals) == 32);
    assert!(offset_of!(CClosure, upvalue) == 32);
    assert!(size_of::<UpVal>() == 40);
    assert!(size_of::<Proto>() == 128);
    assert!(size_of::<CallInfo>() == 64);
    assert!(offset_of!(LuaState, base_ci) == 96);
    assert!(size_of::<LuaState>() == 200);
};

/// Size of the dummy-free header of a userdata without user values (`Udata0`).
const UDATA0_HEADER: usize = 32;

// ---------------------------------------------------------------- tables

pub unsafe fn table_metatable(t: *const c_void) -> *const c_void {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(t as *const Table)).metatable as *const c_void }
}

/// The real size of the array part (`luaH_realasize`).
pub unsafe fn table_array_len(t: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let t = &*(t as *const Table);
        let limit = t.alimit as usize;
        if t.flags & BITRAS == 0 || limit.is_power_of_two() || limit == 0 {
            limit
        } else {
            limit.next_power_of_two()
        }
    }
}

pub unsafe fn table_array(t: *const c_void) -> *const TValue {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(t as *const Table)).array }
}

/// Number of hash nodes, 0 when the table uses the shared dummy node.
pub unsafe fn table_node_len(t: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let t = &*(t as *const Table);
        if t.lastfree.is_null() {
            0
        } else {
            1usize << t.lsizenode
        }
    }
}

/// The key and value of hash node `i`.
pub unsafe fn table_node(t: *const c_void, i: usize) -> (TValue, TValue) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let n = &*(*(t as *const Table)).node.add(i);
        (
            TValue {
                value: n.key_val,
                tt: n.key_tt,
            },
            TValue {
                value: n.value,
                tt: n.tt,
            },
        )
    }
}

pub unsafe fn table_size(t: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        std::mem::size_of::<Table>()
            + table_array_len(t) * std::mem::size_of::<TValue>()
            + table_node_len(t) * std::mem::size_of::<Node>()
    }
}

/// Raw lookup of a short-string key by content; used only for `__mode` and
/// `__name`, never calling `__index`.
pub unsafe fn table_get_str(t: *const c_void, key: &[u8]) -> Option<TValue> {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        for i in 0..table_node_len(t) {
            let (k, v) = table_node(t, i);
            if !v.is_empty() && k.variant() == VSHRSTR && string_bytes(k.gc()) == key {
                return Some(v);
            }
        }
        None
    }
}

/// Whether the metatable caches the absence of `__mode` (the VM's fast path).
pub unsafe fn table_lacks_mode(mt: *const c_void) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(mt as *const Table)).flags & TM_MODE_BIT != 0 }
}

// ---------------------------------------------------------------- strings

pub unsafe fn string_bytes<'a>(s: *const c_void) -> &'a [u8] {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let ts = s as *const TString;
        let len = if (*ts).tt & 0x3f == VSHRSTR {
            (*ts).shrlen as usize
        } else {
            (*ts).lnglen
        };
        let data = (s as *const u8).add(std::mem::offset_of!(TString, contents));
        std::slice::from_raw_parts(data, len)
    }
}

pub unsafe fn string_size(s: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { std::mem::offset_of!(TString, contents) + string_bytes(s).len() + 1 }
}

// ---------------------------------------------------------------- userdata

pub unsafe fn udata_metatable(u: *const c_void) -> *const c_void {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(u as *const Udata)).metatable as *const c_void }
}

pub unsafe fn udata_user_values(u: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(u as *const Udata)).nuvalue as usize }
}

pub unsafe fn udata_user_value(u: *const c_void, i: usize) -> TValue {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { *(*(u as *const Udata)).uv.as_ptr().add(i) }
}

pub unsafe fn udata_size(u: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let ud = &*(u as *const Udata);
        let header = if ud.nuvalue == 0 {
            UDATA0_HEADER
        } else {
            std::mem::offset_of!(Udata, uv) + std::mem::size_of::<TValue>() * ud.nuvalue as usize
        };
        header + ud.len
    }
}

/// Address of the userdata's memory block, as `lua_touserdata` returns it.
pub unsafe fn udata_block(u: *const c_void) -> *const c_void {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let ud = &*(u as *const Udata);
        let header = if ud.nuvalue == 0 {
            UDATA0_HEADER
        } else {
            std::mem::offset_of!(Udata, uv) + std::mem::size_of::<TValue>() * ud.nuvalue as usize
        };
        (u as *const u8).add(header) as *const c_void
    }
}

// ---------------------------------------------------------------- closures

pub unsafe fn lclosure_proto(f: *const c_void) -> *const c_void {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(f as *const LClosure)).p as *const c_void }
}

pub unsafe fn lclosure_upvalues(f: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(f as *const LClosure)).nupvalues as usize }
}

/// The cell of upvalue `i` (null while the closure is being built).
pub unsafe fn lclosure_upvalue_cell(f: *const c_void, i: usize) -> *const c_void {
    // SAFETY: `f` is a live Lua closure with more than `i` upvalues (the
    // caller's contract); the slot is read, not dereferenced.
    unsafe { *(*(f as *const LClosure)).upvals.as_ptr().add(i) as *const c_void }
}

/// The value in an upvalue cell: its own slot once closed, a stack slot of
/// the thread that declared the local while open.
pub unsafe fn upvalue_value(uv: *const c_void) -> Option<TValue> {
    let uv = uv as *const UpVal;
    // SAFETY: `uv` is a live, non-null upvalue cell (the caller's contract);
    // `v` points at its value while it is not null.
    unsafe {
        if (*uv).v.is_null() {
            return None;
        }
        Some(*(*uv).v)
    }
}

/// Bytes of an upvalue cell (open or closed: the same struct).
pub const UPVALUE_SIZE: usize = std::mem::size_of::<UpVal>();

pub unsafe fn lclosure_size(f: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        std::mem::offset_of!(LClosure, upvals)
            + std::mem::size_of::<*mut UpVal>() * lclosure_upvalues(f)
    }
}

pub unsafe fn cclosure_upvalues(f: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(f as *const CClosure)).nupvalues as usize }
}

pub unsafe fn cclosure_upvalue(f: *const c_void, i: usize) -> TValue {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { *(*(f as *const CClosure)).upvalue.as_ptr().add(i) }
}

pub unsafe fn cclosure_function(f: *const c_void) -> *const c_void {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(f as *const CClosure)).f as *const c_void }
}

pub unsafe fn cclosure_size(f: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        std::mem::offset_of!(CClosure, upvalue)
            + std::mem::size_of::<TValue>() * cclosure_upvalues(f)
    }
}

/// A C array of `n` items as a slice (empty for null or `n <= 0`).
unsafe fn raw_slice<'a, T>(p: *const T, n: i32) -> &'a [T] {
    // SAFETY: the caller gives an array of at least `n` items that lives
    // for `'a`; null and non-positive sizes never reach from_raw_parts.
    unsafe {
        if p.is_null() || n <= 0 {
            &[]
        } else {
            std::slice::from_raw_parts(p, n as usize)
        }
    }
}
