//! Memory layout of Lua 5.3 objects (transcribed from `lobject.h`,
//! `lstate.h`, `lfunc.h` and `lstring.h` of Lua 5.3.6, the version `mlua`
//! vendors; sizes checked below against the C compiler's).
//!
//! The sibling of `lua54`: the same accessor functions, so that the walk
//! reads either VM. What differs from 5.4:
//! - a value's tag is an `int`, and the number variants are the other way
//!   round (`LUA_TNUMFLT` = 3, `LUA_TNUMINT` = 19): `TValue::variant` maps
//!   them, and booleans, onto 5.4's variants, which the walk speaks;
//! - upvalues are no collectable objects but reference-counted cells
//!   shared by closures (`UpVal`): the walk keeps them as cells all the
//!   same, which they are;
//! - a userdata has one user value, whatever its type;
//! - a vararg function's frame keeps its function where it was called,
//!   with the varargs between it and the locals (`threads`).
//!
//! Every function here is `unsafe`: the caller guarantees that the pointer
//! is a live object of the named type in a VM that is not running.

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

// The walk's names of values (5.4's); 5.3's own tags agree but for numbers
// and booleans, which `TValue::variant` maps.
pub use super::variants::*;
/// `LUA_TPROTO` (`LUA_NUMTAGS`); 5.3's upvalues have no tag.
pub const TPROTO: u8 = 9;
pub const BIT_ISCOLLECTABLE: i32 = 1 << 6;
/// 5.3's own number tags (`LUA_TNUMFLT`, `LUA_TNUMINT`).
const TNUMFLT53: i32 = TNUMBER as i32;
const TNUMINT53: i32 = TNUMBER as i32 | (1 << 4);

/// `flags` bit of a table that caches "no `__mode` field" (`TM_MODE` = 3).
const TM_MODE_BIT: u8 = 1 << 3;
/// `LUA_EXTRASPACE`: bytes allocated in front of every `lua_State`.
const EXTRASPACE: usize = std::mem::size_of::<*mut c_void>();

/// A stack or table slot, as the walk copies it (`TValuefields`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct TValue {
    pub value: u64,
    pub tt: i32,
}

impl TValue {
    pub fn is_collectable(&self) -> bool {
        self.tt & BIT_ISCOLLECTABLE != 0
    }
    /// The variant in 5.4's terms (see the constants above).
    pub fn variant(&self) -> u8 {
        match self.tt & 0x3f {
            TNUMINT53 => VNUMINT,
            TNUMFLT53 => VNUMFLT,
            t if t == TBOOLEAN as i32 && self.value as u32 != 0 => VTRUE,
            t => t as u8,
        }
    }
    pub fn basic_type(&self) -> u8 {
        (self.tt & 0x0f) as u8
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
            tt: TNUMINT53,
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
    sizearray: u32,
    array: *mut TValue,
    node: *mut Node,
    lastfree: *mut Node,
    metatable: *mut Table,
    gclist: *mut c_void,
}

#[repr(C)]
pub struct Node {
    val: TValue,
    key: TValue,
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
}

#[repr(C)]
struct Udata {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    ttuv: u8,
    metatable: *mut Table,
    len: usize,
    user: u64,
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

/// An upvalue cell: not a collectable object in 5.3, but a block of its
/// own shared by the closures that capture the variable.
#[repr(C)]
struct UpVal {
    v: *mut TValue,
    refcount: usize,
    value: TValue,
}

#[repr(C)]
struct Upvaldesc {
    name: *mut TString,
    instack: u8,
    idx: u8,
}

#[repr(C)]
struct LocVar {
    varname: *mut TString,
    startpc: i32,
    endpc: i32,
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
    linedefined: i32,
    lastlinedefined: i32,
    k: *mut TValue,
    code: *mut u32,
    p: *mut *mut Proto,
    lineinfo: *mut i32,
    locvars: *mut LocVar,
    upvalues: *mut Upvaldesc,
    /// The last closure made of it: not marked (the collector clears it).
    cache: *mut c_void,
    source: *mut TString,
    gclist: *mut c_void,
}

#[repr(C)]
struct CallInfo {
    func: *mut TValue,
    top: *mut TValue,
    previous: *mut CallInfo,
    next: *mut CallInfo,
    /// `u.l.base` of a Lua call, `u.c.k` of a C call.
    base: *mut TValue,
    /// `u.l.savedpc` of a Lua call.
    savedpc: *const u32,
    ctx: isize,
    extra: isize,
    nresults: i16,
    callstatus: u16,
}

#[repr(C)]
struct LuaState {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    nci: u16,
    status: u8,
    top: *mut TValue,
    l_g: *mut c_void,
    ci: *mut CallInfo,
    oldpc: *const u32,
    stack_last: *mut TValue,
    stack: *mut TValue,
    openupval: *mut UpVal,
    gclist: *mut c_void,
    twups: *mut c_void,
    error_jmp: *mut c_void,
    base_ci: CallInfo,
    hook: *mut c_void,
    errfunc: isize,
    stacksize: i32,
    basehookcount: i32,
    hookcount: i32,
    nny: u16,
    n_ccalls: u16,
    hookmask: i32,
    allowhook: u8,
}

// The sizes and offsets the C compiler gives these structs on x86-64
// (printed with `offsetof` from the vendored headers); a wrong
// transcription fails the build instead of misreading the heap.
#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<TValue>() == 16);
    assert!(size_of::<Table>() == 56);
    assert!(offset_of!(Table, flags) == 10);
    assert!(offset_of!(Table, sizearray) == 12);
    assert!(offset_of!(Table, lastfree) == 32);
    assert!(offset_of!(Table, metatable) == 40);
    assert!(size_of::<Node>() == 32);
    assert!(offset_of!(Node, key) == 16);
    assert!(size_of::<TString>() == 24);
    assert!(offset_of!(TString, shrlen) == 11);
    assert!(offset_of!(TString, lnglen) == 16);
    assert!(size_of::<Udata>() == 40);
    assert!(offset_of!(Udata, ttuv) == 10);
    assert!(offset_of!(Udata, metatable) == 16);
    assert!(offset_of!(Udata, len) == 24);
    assert!(offset_of!(Udata, user) == 32);
    assert!(offset_of!(LClosure, p) == 24);
    assert!(offset_of!(LClosure, upvals) == 32);
    assert!(offset_of!(CClosure, nupvalues) == 10);
    assert!(offset_of!(CClosure, f) == 24);
    assert!(offset_of!(CClosure, upvalue) == 32);
    assert!(size_of::<UpVal>() == 32);
    assert!(offset_of!(UpVal, value) == 16);
    assert!(size_of::<Upvaldesc>() == 16);
    assert!(size_of::<LocVar>() == 16);
    assert!(size_of::<Proto>() == 120);
    assert!(offset_of!(Proto, numparams) == 10);
    assert!(offset_of!(Proto, is_vararg) == 11);
    assert!(offset_of!(Proto, sizeupvalues) == 16);
    assert!(offset_of!(Proto, sizep) == 32);
    assert!(offset_of!(Proto, linedefined) == 40);
    assert!(offset_of!(Proto, k) == 48);
    assert!(offset_of!(Proto, lineinfo) == 72);
    assert!(offset_of!(Proto, upvalues) == 88);
    assert!(offset_of!(Proto, source) == 104);
    assert!(size_of::<CallInfo>() == 72);
    assert!(offset_of!(CallInfo, previous) == 16);
    assert!(offset_of!(CallInfo, base) == 32);
    assert!(offset_of!(CallInfo, savedpc) == 40);
    assert!(offset_of!(CallInfo, extra) == 56);
    assert!(offset_of!(CallInfo, callstatus) == 66);
    assert!(size_of::<LuaState>() == 208);
    assert!(offset_of!(LuaState, nci) == 10);
    assert!(offset_of!(LuaState, top) == 16);
    assert!(offset_of!(LuaState, l_g) == 24);
    assert!(offset_of!(LuaState, ci) == 32);
    assert!(offset_of!(LuaState, stack) == 56);
    assert!(offset_of!(LuaState, base_ci) == 96);
    assert!(offset_of!(LuaState, hook) == 168);
    assert!(offset_of!(LuaState, stacksize) == 184);
    assert!(offset_of!(LuaState, basehookcount) == 188);
    assert!(offset_of!(LuaState, hookmask) == 200);
};

// Tables, userdata, closures, prototypes and stacks as 5.3 and 5.1 both
// lay them out (`classic`).
super::classic::classic!();

// ---------------------------------------------------------------- tables

pub unsafe fn table_array_len(t: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(t as *const Table)).sizearray as usize }
}

/// Number of hash nodes, 0 when the table uses the shared dummy node
/// (`isdummy`: no `lastfree`).
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
        let data = (s as *const u8).add(std::mem::size_of::<TString>());
        std::slice::from_raw_parts(data, len)
    }
}

/// `sizelstring`: the header, the bytes and their terminating zero.
pub unsafe fn string_size(s: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { std::mem::size_of::<TString>() + string_bytes(s).len() + 1 }
}

// ---------------------------------------------------------------- userdata

/// Every 5.3 userdata has one user value (nil unless set).
pub unsafe fn udata_user_values(_u: *const c_void) -> usize {
    1
}

/// The user value: its value and its tag are two fields of the header.
pub unsafe fn udata_user_value(u: *const c_void, _i: usize) -> TValue {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let ud = &*(u as *const Udata);
        TValue {
            value: ud.user,
            tt: ud.ttuv as i32,
        }
    }
}

// ---------------------------------------------------------------- closures
