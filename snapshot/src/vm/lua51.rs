//! Memory layout of Lua 5.1 objects (transcribed from `lobject.h`,
//! `lstate.h` and `lfunc.h` of Lua 5.1.5, the version `mlua` vendors;
//! sizes checked below against the C compiler's).
//!
//! The sibling of `lua54`: the same accessor functions, so that the walk
//! reads either VM. What differs from 5.4:
//! - a value's tag is a plain type (`int`), numbers are all doubles:
//!   `TValue::variant` maps values onto 5.4's variants, which the walk
//!   speaks, as LuaJIT's module does;
//! - functions, threads and userdata have an environment table; the
//!   globals are the main thread's (`l_gt`), not a registry entry, and the
//!   main thread is a root of its own (`roots`);
//! - upvalue cells are collectable objects (`UpVal`), as the walk models
//!   them in every runtime;
//! - a thread's calls are an array of `CallInfo` (`base_ci` up to `ci`), and
//!   a vararg function's varargs lie between its function and its base.
//!
//! Every function here is `unsafe`: the caller guarantees that the pointer
//! is a live object of the named type in a VM that is not running.

#![allow(dead_code)]

pub mod check;
pub mod frame;
mod protos;
mod roots;
mod threads;

pub use protos::*;
pub use roots::*;
pub use threads::*;

use std::os::raw::c_void;

use crate::model::Kind;

// The walk's names of values (5.4's); 5.1's own tags are the basic types
// (one per type, no variants), which `TValue::variant` maps: every number
// is a double, every string interned, every C function a closure.
pub use super::variants::*;
pub const TPROTO: u8 = 9;
pub const TUPVAL: u8 = 10;

/// `flags` bit of a table that caches "no `__mode` field" (`TM_MODE` = 3).
const TM_MODE_BIT: u8 = 1 << 3;

/// A stack or table slot, as the walk copies it (`TValuefields`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct TValue {
    pub value: u64,
    pub tt: i32,
}

impl TValue {
    /// Strings and up (`iscollectable`); values hold no prototypes or
    /// upvalues.
    pub fn is_collectable(&self) -> bool {
        (TSTRING as i32..=TTHREAD as i32).contains(&self.tt)
    }
    /// The value's variant in 5.4's terms (see the constants above).
    ///
    /// A function is read to tell a Lua function from a C one: like every
    /// `TValue` of the walk, this one was copied from a live slot.
    pub fn variant(&self) -> u8 {
        match self.tt {
            t if t == TNUMBER as i32 => {
                let f = self.as_float();
                if f == f.trunc() && f.abs() < 9.2e18 && !(f == 0.0 && f.is_sign_negative()) {
                    VNUMINT
                } else {
                    VNUMFLT
                }
            }
            t if t == TBOOLEAN as i32 && self.value as u32 != 0 => VTRUE,
            // SAFETY: a function value names a live closure (see above).
            t if t == TFUNCTION as i32 => match unsafe { function_is_lua(self.gc()) } {
                true => VLCL,
                false => VCCL,
            },
            t if (0..=TUPVAL as i32).contains(&t) => t as u8,
            _ => TNIL,
        }
    }
    pub fn basic_type(&self) -> u8 {
        self.variant() & 0x0f
    }
    pub fn is_empty(&self) -> bool {
        self.tt == TNIL as i32
    }
    pub fn gc(&self) -> *const c_void {
        self.value as usize as *const c_void
    }
    pub fn as_int(&self) -> i64 {
        self.as_float() as i64
    }
    pub fn as_float(&self) -> f64 {
        f64::from_bits(self.value)
    }
    /// The integer `i`, as 5.1's numbers hold it: a double.
    pub fn integer(i: i64) -> TValue {
        TValue {
            value: (i as f64).to_bits(),
            tt: TNUMBER as i32,
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
    metatable: *mut Table,
    array: *mut TValue,
    node: *mut Node,
    lastfree: *mut Node,
    gclist: *mut c_void,
    sizearray: i32,
}

#[repr(C)]
pub struct Node {
    val: TValue,
    key: TValue,
    next: *mut Node,
}

#[repr(C)]
struct TString {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    reserved: u8,
    hash: u32,
    len: usize,
}

#[repr(C)]
struct Udata {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    metatable: *mut Table,
    env: *mut Table,
    len: usize,
}

#[repr(C)]
struct LClosure {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    is_c: u8,
    nupvalues: u8,
    gclist: *mut c_void,
    env: *mut Table,
    p: *mut Proto,
    upvals: [*mut UpVal; 1],
}

#[repr(C)]
struct CClosure {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    is_c: u8,
    nupvalues: u8,
    gclist: *mut c_void,
    env: *mut Table,
    f: *mut c_void,
    upvalue: [TValue; 1],
}

#[repr(C)]
struct UpVal {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    v: *mut TValue,
    value: TValue,
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
    k: *mut TValue,
    code: *mut u32,
    p: *mut *mut Proto,
    lineinfo: *mut i32,
    locvars: *mut LocVar,
    upvalues: *mut *mut TString,
    source: *mut TString,
    sizeupvalues: i32,
    sizek: i32,
    sizecode: i32,
    sizelineinfo: i32,
    sizep: i32,
    sizelocvars: i32,
    linedefined: i32,
    lastlinedefined: i32,
    gclist: *mut c_void,
    nups: u8,
    numparams: u8,
    is_vararg: u8,
    maxstacksize: u8,
}

#[repr(C)]
struct CallInfo {
    base: *mut TValue,
    func: *mut TValue,
    top: *mut TValue,
    savedpc: *const u32,
    nresults: i32,
    tailcalls: i32,
}

#[repr(C)]
struct LuaState {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    status: u8,
    top: *mut TValue,
    base: *mut TValue,
    l_g: *mut c_void,
    ci: *mut CallInfo,
    savedpc: *const u32,
    stack_last: *mut TValue,
    stack: *mut TValue,
    end_ci: *mut CallInfo,
    base_ci: *mut CallInfo,
    stacksize: i32,
    size_ci: i32,
    n_ccalls: u16,
    base_ccalls: u16,
    hookmask: u8,
    allowhook: u8,
    basehookcount: i32,
    hookcount: i32,
    hook: *mut c_void,
    l_gt: TValue,
    env: TValue,
    openupval: *mut c_void,
    gclist: *mut c_void,
    error_jmp: *mut c_void,
    errfunc: isize,
}

// The sizes and offsets the C compiler gives these structs on x86-64
// (printed with `offsetof` from the vendored headers); a wrong
// transcription fails the build instead of misreading the heap.
#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<TValue>() == 16);
    assert!(size_of::<Table>() == 64);
    assert!(offset_of!(Table, flags) == 10);
    assert!(offset_of!(Table, lsizenode) == 11);
    assert!(offset_of!(Table, metatable) == 16);
    assert!(offset_of!(Table, array) == 24);
    assert!(offset_of!(Table, node) == 32);
    assert!(offset_of!(Table, lastfree) == 40);
    assert!(offset_of!(Table, sizearray) == 56);
    assert!(size_of::<Node>() == 40);
    assert!(offset_of!(Node, key) == 16);
    assert!(offset_of!(Node, next) == 32);
    assert!(size_of::<TString>() == 24);
    assert!(offset_of!(TString, hash) == 12);
    assert!(offset_of!(TString, len) == 16);
    assert!(size_of::<Udata>() == 40);
    assert!(offset_of!(Udata, metatable) == 16);
    assert!(offset_of!(Udata, env) == 24);
    assert!(offset_of!(Udata, len) == 32);
    assert!(offset_of!(LClosure, env) == 24);
    assert!(offset_of!(LClosure, p) == 32);
    assert!(offset_of!(LClosure, upvals) == 40);
    assert!(offset_of!(CClosure, is_c) == 10);
    assert!(offset_of!(CClosure, nupvalues) == 11);
    assert!(offset_of!(CClosure, f) == 32);
    assert!(offset_of!(CClosure, upvalue) == 40);
    assert!(size_of::<UpVal>() == 40);
    assert!(offset_of!(UpVal, v) == 16);
    assert!(offset_of!(UpVal, value) == 24);
    assert!(size_of::<LocVar>() == 16);
    assert!(size_of::<Proto>() == 120);
    assert!(offset_of!(Proto, k) == 16);
    assert!(offset_of!(Proto, lineinfo) == 40);
    assert!(offset_of!(Proto, upvalues) == 56);
    assert!(offset_of!(Proto, source) == 64);
    assert!(offset_of!(Proto, sizeupvalues) == 72);
    assert!(offset_of!(Proto, sizelineinfo) == 84);
    assert!(offset_of!(Proto, sizep) == 88);
    assert!(offset_of!(Proto, sizelocvars) == 92);
    assert!(offset_of!(Proto, linedefined) == 96);
    assert!(offset_of!(Proto, nups) == 112);
    assert!(offset_of!(Proto, numparams) == 113);
    assert!(offset_of!(Proto, is_vararg) == 114);
    assert!(size_of::<CallInfo>() == 40);
    assert!(offset_of!(CallInfo, func) == 8);
    assert!(offset_of!(CallInfo, savedpc) == 24);
    assert!(size_of::<LuaState>() == 184);
    assert!(offset_of!(LuaState, status) == 10);
    assert!(offset_of!(LuaState, top) == 16);
    assert!(offset_of!(LuaState, l_g) == 32);
    assert!(offset_of!(LuaState, ci) == 40);
    assert!(offset_of!(LuaState, savedpc) == 48);
    assert!(offset_of!(LuaState, stack) == 64);
    assert!(offset_of!(LuaState, base_ci) == 80);
    assert!(offset_of!(LuaState, stacksize) == 88);
    assert!(offset_of!(LuaState, size_ci) == 92);
    assert!(offset_of!(LuaState, hookmask) == 100);
    assert!(offset_of!(LuaState, basehookcount) == 104);
    assert!(offset_of!(LuaState, hook) == 112);
    assert!(offset_of!(LuaState, l_gt) == 120);
    assert!(offset_of!(LuaState, env) == 136);
    assert!(offset_of!(LuaState, openupval) == 152);
};

// Tables, userdata, closures, prototypes and stacks as 5.3 and 5.1 both
// lay them out (`classic`).
super::classic::classic!();

// ---------------------------------------------------------------- tables

pub unsafe fn table_array_len(t: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(t as *const Table)).sizearray.max(0) as usize }
}

/// Number of hash nodes, 0 when the table uses the shared `dummynode`.
///
/// 5.1 marks no table as using it, but only the dummy node is ever its
/// table's `lastfree` with a single node: a real one-node table starts
/// with `lastfree` past its node, and `getfreepos` moves it below the node
/// in one step, since the node it passes holds an entry.
pub unsafe fn table_node_len(t: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let t = &*(t as *const Table);
        if t.lsizenode == 0 && t.lastfree == t.node {
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
        let len = (*(s as *const TString)).len;
        let data = (s as *const u8).add(std::mem::size_of::<TString>());
        std::slice::from_raw_parts(data, len)
    }
}

/// `sizestring`: the header, the bytes and their terminating zero.
pub unsafe fn string_size(s: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { std::mem::size_of::<TString>() + (*(s as *const TString)).len + 1 }
}

// ---------------------------------------------------------------- userdata

/// 5.1's userdata have an environment, no user values.
pub unsafe fn udata_user_values(_u: *const c_void) -> usize {
    0
}

pub unsafe fn udata_user_value(_u: *const c_void, _i: usize) -> TValue {
    TValue {
        value: 0,
        tt: TNIL as i32,
    }
}

pub unsafe fn udata_env(u: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(u as *const Udata)).env as usize }
}

// ---------------------------------------------------------------- closures

/// Whether a closure runs Lua code (`isC` is 0).
pub unsafe fn function_is_lua(f: *const c_void) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(f as *const CClosure)).is_c == 0 }
}

/// The environment of a function (Lua or C).
pub unsafe fn function_env(f: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(f as *const CClosure)).env as usize }
}

/// The kind of object a value is, if it is one.
#[inline]
pub fn kind_of(v: TValue) -> Option<Kind> {
    match v.tt {
        t if t == TTABLE as i32 => Some(Kind::Table),
        t if t == TSTRING as i32 => Some(Kind::String),
        t if t == TFUNCTION as i32 => Some(if v.variant() == VLCL {
            Kind::Function
        } else {
            Kind::CFunction
        }),
        t if t == TUSERDATA as i32 => Some(Kind::Userdata),
        t if t == TTHREAD as i32 => Some(Kind::Thread),
        _ => None,
    }
}
