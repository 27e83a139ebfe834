//! Memory layout of LuaJIT 2.1 objects in GC64 mode, the x86-64 default
//! (transcribed from `lj_obj.h`, `lj_frame.h`, `lj_jit.h` and `lj_ctype.h`
//! of the LuaJIT 2.1 that `mlua` vendors; Debian's 2.1.0-beta3 build has the
//! same layout, which `check` verifies when a module loads).
//!
//! The sibling of `lua54`: the same accessor functions, so that the walk
//! reads either VM. What differs in kind rather than in layout:
//! - values are NaN-boxed: the upper 17 bits of a 64-bit slot hold the
//!   type (`itype`), the lower 47 a pointer; a number is any other pattern;
//! - a table's array part starts at key 0 and may sit in the table's own
//!   block (`colo`); local and upvalue names are bytes of the prototype's
//!   debug information, not Lua strings;
//! - functions, threads and userdata have an environment table;
//! - FFI data (`cdata`) are objects of their own;
//! - prototypes keep their objects (strings, tables, child prototypes,
//!   64-bit constants) below the numeric constants (`k`), and their
//!   compiled traces keep constants of their own;
//! - frames are linked through the stack (`threads`), there is no
//!   `CallInfo`.
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

// Internal type tags (`LJ_T*` = ~n) as they appear in `itype` and `gct`.
pub const LJ_TNIL: u32 = !0;
pub const LJ_TFALSE: u32 = !1;
pub const LJ_TTRUE: u32 = !2;
pub const LJ_TLIGHTUD: u32 = !3;
pub const LJ_TSTR: u32 = !4;
pub const LJ_TUPVAL: u32 = !5;
pub const LJ_TTHREAD: u32 = !6;
pub const LJ_TPROTO: u32 = !7;
pub const LJ_TFUNC: u32 = !8;
pub const LJ_TTRACE: u32 = !9;
pub const LJ_TCDATA: u32 = !10;
pub const LJ_TTAB: u32 = !11;
pub const LJ_TUDATA: u32 = !12;
pub const LJ_TNUMX: u32 = !13;
/// `itype` values from here up are numbers: the top 13 bits of a double.
const LJ_TISNUM: u32 = LJ_TNUMX;
/// Pointer bits of a GC reference in a value.
const GCV_MASK: u64 = (1 << 47) - 1;

// The walk speaks Lua 5.4's variant tags (`variants`): a LuaJIT value is
// mapped onto them by `TValue::variant`, so that keys are named alike. Every
// string is a "short" one (all are interned), every number a double (an
// integral one is `VNUMINT`), every C function a closure (no `VLCF`).
pub use super::variants::*;
pub const TUPVAL: u8 = 9;
pub const TPROTO: u8 = 10;
/// FFI data.
pub const VCDATA: u8 = 11;
/// Trace objects (never reached by the walk as values).
const VTRACE: u8 = 12;

/// A stack or table slot, as the walk copies it.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct TValue {
    pub u64: u64,
}

impl TValue {
    /// The internal type of the value (`itype`).
    #[inline]
    pub fn itype(&self) -> u32 {
        // Arithmetic shift, as `itype` shifts a signed slot: the 17 tag bits
        // sign-extend to the 32-bit `~n` tags.
        ((self.u64 as i64) >> 47) as u32
    }
    #[inline]
    pub fn is_number(&self) -> bool {
        self.itype() <= LJ_TISNUM
    }
    #[inline]
    pub fn is_collectable(&self) -> bool {
        let it = self.itype();
        (LJ_TUDATA..=LJ_TSTR).contains(&it)
    }
    /// The value's variant in Lua 5.4's terms (see the constants above).
    ///
    /// A function is read to tell a Lua function from a C one: like every
    /// `TValue` of the walk, this one was copied from a live slot.
    #[inline]
    pub fn variant(&self) -> u8 {
        if self.is_number() {
            let f = self.as_float();
            return if f == f.trunc() && f.abs() < 9.2e18 && !(f == 0.0 && f.is_sign_negative()) {
                VNUMINT
            } else {
                VNUMFLT
            };
        }
        match self.itype() {
            LJ_TNIL => TNIL,
            LJ_TFALSE => VFALSE,
            LJ_TTRUE => VTRUE,
            LJ_TLIGHTUD => TLIGHTUSERDATA,
            LJ_TSTR => VSHRSTR,
            LJ_TUPVAL => TUPVAL,
            LJ_TTHREAD => TTHREAD,
            LJ_TPROTO => TPROTO,
            // SAFETY: a function value names a live function object (see
            // above); `ffid` is a byte of its header.
            LJ_TFUNC => match unsafe { (*(self.gc() as *const GCfuncC)).ffid } {
                FF_LUA => VLCL,
                _ => VCCL,
            },
            LJ_TTRACE => VTRACE,
            LJ_TCDATA => VCDATA,
            LJ_TTAB => TTABLE,
            LJ_TUDATA => TUSERDATA,
            _ => TNIL,
        }
    }
    pub fn basic_type(&self) -> u8 {
        self.variant() & 0x0f
    }
    pub fn is_empty(&self) -> bool {
        self.itype() == LJ_TNIL
    }
    pub fn gc(&self) -> *const c_void {
        (self.u64 & GCV_MASK) as usize as *const c_void
    }
    pub fn as_int(&self) -> i64 {
        self.as_float() as i64
    }
    pub fn as_float(&self) -> f64 {
        f64::from_bits(self.u64)
    }
    /// A value naming object `gc` of internal type `it` (`setgcV`).
    pub fn object(gc: *const c_void, it: u32) -> TValue {
        TValue {
            u64: (gc as u64 & GCV_MASK) | ((it as u64) << 47),
        }
    }
    /// The integer `i`, as LuaJIT's numbers hold it: a double.
    pub fn integer(i: i64) -> TValue {
        TValue::number(i as f64)
    }
    /// The number `f` (`setnumV`).
    pub fn number(f: f64) -> TValue {
        TValue { u64: f.to_bits() }
    }
}

/// `ffid` of a Lua function (`FF_LUA`).
const FF_LUA: u8 = 0;

/// The common header of collectable objects (`GCHeader`).
#[repr(C)]
pub(crate) struct GCHeader {
    pub nextgc: u64,
    pub marked: u8,
    pub gct: u8,
}

#[repr(C)]
pub(crate) struct GCtab {
    nextgc: u64,
    marked: u8,
    gct: u8,
    nomm: u8,
    colo: i8,
    array: *mut TValue,
    gclist: u64,
    metatable: *mut GCtab,
    node: *mut Node,
    asize: u32,
    hmask: u32,
    freetop: u64,
}

#[repr(C)]
pub(crate) struct Node {
    val: TValue,
    key: TValue,
    next: u64,
}

#[repr(C)]
pub(crate) struct GCstr {
    nextgc: u64,
    marked: u8,
    gct: u8,
    reserved: u8,
    hashalg: u8,
    sid: u32,
    hash: u32,
    len: u32,
}

#[repr(C)]
pub(crate) struct GCudata {
    nextgc: u64,
    marked: u8,
    gct: u8,
    udtype: u8,
    unused2: u8,
    env: *mut GCtab,
    len: u32,
    metatable: *mut GCtab,
    align1: u32,
}

#[repr(C)]
pub(crate) struct GCcdata {
    nextgc: u64,
    marked: u8,
    gct: u8,
    ctypeid: u16,
}

/// The header in front of a variable-length cdata (`GCcdataVar`).
#[repr(C)]
struct GCcdataVar {
    offset: u16,
    extra: u16,
    len: u32,
}

#[repr(C)]
pub(crate) struct GCupval {
    nextgc: u64,
    marked: u8,
    gct: u8,
    closed: u8,
    immutable: u8,
    tv: TValue,
    next: u64,
    v: *mut TValue,
    dhash: u32,
}

#[repr(C)]
pub(crate) struct GCfuncL {
    nextgc: u64,
    marked: u8,
    gct: u8,
    ffid: u8,
    nupvalues: u8,
    env: *mut GCtab,
    gclist: u64,
    pc: *const u32,
    uvptr: [*mut GCupval; 1],
}

#[repr(C)]
pub(crate) struct GCfuncC {
    nextgc: u64,
    marked: u8,
    gct: u8,
    ffid: u8,
    nupvalues: u8,
    env: *mut GCtab,
    gclist: u64,
    pc: *const u32,
    f: *const c_void,
    upvalue: [TValue; 1],
}

#[repr(C)]
pub(crate) struct GCproto {
    nextgc: u64,
    marked: u8,
    gct: u8,
    numparams: u8,
    framesize: u8,
    sizebc: u32,
    unused_gc64: u32,
    gclist: u64,
    k: *const c_void,
    uv: *const u16,
    sizekgc: u32,
    sizekn: u32,
    sizept: u32,
    sizeuv: u8,
    flags: u8,
    trace: u16,
    chunkname: *const GCstr,
    firstline: i32,
    numline: i32,
    lineinfo: *const c_void,
    uvinfo: *const u8,
    varinfo: *const u8,
}

#[repr(C)]
pub(crate) struct LuaState {
    nextgc: u64,
    marked: u8,
    gct: u8,
    dummy_ffid: u8,
    status: u8,
    glref: *mut c_void,
    gclist: u64,
    base: *mut TValue,
    top: *mut TValue,
    maxstack: *mut TValue,
    stack: *mut TValue,
    openupval: u64,
    env: *mut GCtab,
    cframe: *mut c_void,
    stacksize: u32,
}

// The sizes and offsets the C compiler gives these structs for x86-64 GC64
// (printed with `offsetof` from the vendored headers); a wrong
// transcription fails the build instead of misreading the heap.
#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<TValue>() == 8);
    assert!(size_of::<GCtab>() == 64);
    assert!(offset_of!(GCtab, colo) == 11);
    assert!(offset_of!(GCtab, metatable) == 32);
    assert!(offset_of!(GCtab, asize) == 48);
    assert!(size_of::<Node>() == 24);
    assert!(size_of::<GCstr>() == 24);
    assert!(offset_of!(GCstr, len) == 20);
    assert!(size_of::<GCudata>() == 48);
    assert!(offset_of!(GCudata, env) == 16);
    assert!(offset_of!(GCudata, metatable) == 32);
    assert!(size_of::<GCcdata>() == 16);
    assert!(size_of::<GCcdataVar>() == 8);
    assert!(size_of::<GCupval>() == 48);
    assert!(offset_of!(GCupval, v) == 32);
    assert!(offset_of!(GCfuncL, uvptr) == 40);
    assert!(offset_of!(GCfuncC, upvalue) == 48);
    assert!(size_of::<GCproto>() == 104);
    assert!(offset_of!(GCproto, k) == 32);
    assert!(offset_of!(GCproto, trace) == 62);
    assert!(offset_of!(GCproto, chunkname) == 64);
    assert!(offset_of!(GCproto, varinfo) == 96);
    assert!(size_of::<LuaState>() == 96);
    assert!(offset_of!(LuaState, env) == 72);
    assert!(offset_of!(LuaState, stacksize) == 88);
};

/// Elements of a colocated array part at most (`LJ_MAX_COLOSIZE`).
const MAX_COLOSIZE: i8 = 16;

// ---------------------------------------------------------------- tables

pub unsafe fn table_metatable(t: *const c_void) -> *const c_void {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(t as *const GCtab)).metatable as *const c_void }
}

/// Slots of the array part: keys `0..table_array_len`.
pub unsafe fn table_array_len(t: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(t as *const GCtab)).asize as usize }
}

pub unsafe fn table_array(t: *const c_void) -> *const TValue {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(t as *const GCtab)).array }
}

/// Number of hash nodes, 0 when the table uses the shared `nilnode`.
pub unsafe fn table_node_len(t: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let t = &*(t as *const GCtab);
        if t.hmask == 0 {
            0
        } else {
            t.hmask as usize + 1
        }
    }
}

/// The key and value of hash node `i`.
pub unsafe fn table_node(t: *const c_void, i: usize) -> (TValue, TValue) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let n = &*(*(t as *const GCtab)).node.add(i);
        (n.key, n.val)
    }
}

/// The table's blocks: the header (with a colocated array part, `colo`
/// slots of it), a separate array part and the hash part (`lj_tab_free`).
pub unsafe fn table_size(t: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let tab = &*(t as *const GCtab);
        let slot = std::mem::size_of::<TValue>();
        let mut size = std::mem::size_of::<GCtab>();
        if tab.colo != 0 {
            size += ((tab.colo as u8 & 0x7f) as usize) * slot;
        }
        if tab.asize > 0 && tab.colo <= 0 {
            size += tab.asize as usize * slot;
        }
        size + table_node_len(t) * std::mem::size_of::<Node>()
    }
}

/// Raw lookup of a string key by content; used only for `__mode` and
/// `__name`, never calling `__index`.
pub unsafe fn table_get_str(t: *const c_void, key: &[u8]) -> Option<TValue> {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        for i in 0..table_node_len(t) {
            let (k, v) = table_node(t, i);
            if !v.is_empty() && k.itype() == LJ_TSTR && string_bytes(k.gc()) == key {
                return Some(v);
            }
        }
        None
    }
}

/// Whether the metatable caches the absence of `__mode` (`nomm` bit of
/// `MM_mode`, the 4th metamethod).
pub unsafe fn table_lacks_mode(mt: *const c_void) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(mt as *const GCtab)).nomm & (1 << 3) != 0 }
}

// ---------------------------------------------------------------- strings

pub unsafe fn string_bytes<'a>(s: *const c_void) -> &'a [u8] {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let len = (*(s as *const GCstr)).len as usize;
        let data = (s as *const u8).add(std::mem::size_of::<GCstr>());
        std::slice::from_raw_parts(data, len)
    }
}

pub unsafe fn string_size(s: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { std::mem::size_of::<GCstr>() + (*(s as *const GCstr)).len as usize + 1 }
}

// ---------------------------------------------------------------- userdata

pub unsafe fn udata_metatable(u: *const c_void) -> *const c_void {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(u as *const GCudata)).metatable as *const c_void }
}

/// LuaJIT's userdata have an environment, no user values.
pub unsafe fn udata_user_values(_u: *const c_void) -> usize {
    0
}

pub unsafe fn udata_user_value(_u: *const c_void, _i: usize) -> TValue {
    TValue { u64: u64::MAX }
}

pub unsafe fn udata_size(u: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { std::mem::size_of::<GCudata>() + (*(u as *const GCudata)).len as usize }
}

/// Address of the userdata's memory block, as `lua_touserdata` returns it.
pub unsafe fn udata_block(u: *const c_void) -> *const c_void {
    // SAFETY: the payload follows the header in the same block.
    unsafe { (u as *const u8).add(std::mem::size_of::<GCudata>()) as *const c_void }
}

pub unsafe fn udata_env(u: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(u as *const GCudata)).env as usize }
}

// ---------------------------------------------------------------- cdata

/// Bytes of a cdata object: header and payload (`lj_cdata_free`), the
/// payload's size from the C type table.
pub unsafe fn cdata_size(cd: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let c = &*(cd as *const GCcdata);
        if c.marked & 0x80 != 0 {
            // Variable length: a header in front says how much was allocated.
            let v =
                &*((cd as *const u8).sub(std::mem::size_of::<GCcdataVar>()) as *const GCcdataVar);
            return v.len as usize + v.extra as usize;
        }
        std::mem::size_of::<GCcdata>() + roots::ctype_size(c.ctypeid)
    }
}

// ---------------------------------------------------------------- closures

/// `ffid` of a function: 0 for Lua functions.
pub unsafe fn function_is_lua(f: *const c_void) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(f as *const GCfuncC)).ffid == FF_LUA }
}

/// The prototype of a Lua function: its bytecode follows the prototype
/// (`funcproto`).
pub unsafe fn lclosure_proto(f: *const c_void) -> *const c_void {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let pc = (*(f as *const GCfuncL)).pc as *const u8;
        pc.sub(std::mem::size_of::<GCproto>()) as *const c_void
    }
}

pub unsafe fn lclosure_upvalues(f: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(f as *const GCfuncL)).nupvalues as usize }
}

/// The cell of upvalue `i`.
pub unsafe fn lclosure_upvalue_cell(f: *const c_void, i: usize) -> *const c_void {
    // SAFETY: `f` is a live Lua function with more than `i` upvalues.
    unsafe { *(*(f as *const GCfuncL)).uvptr.as_ptr().add(i) as *const c_void }
}

/// The value in an upvalue cell: its own slot once closed, a stack slot
/// while open (`uvval`).
pub unsafe fn upvalue_value(uv: *const c_void) -> Option<TValue> {
    // SAFETY: `uv` is a live upvalue cell; `v` points at its value.
    unsafe {
        let v = (*(uv as *const GCupval)).v;
        (!v.is_null()).then(|| *v)
    }
}

/// Bytes of an upvalue cell.
pub const UPVALUE_SIZE: usize = std::mem::size_of::<GCupval>();

pub unsafe fn lclosure_size(f: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { std::mem::offset_of!(GCfuncL, uvptr) + 8 * lclosure_upvalues(f) }
}

pub unsafe fn cclosure_upvalues(f: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(f as *const GCfuncC)).nupvalues as usize }
}

pub unsafe fn cclosure_upvalue(f: *const c_void, i: usize) -> TValue {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { *(*(f as *const GCfuncC)).upvalue.as_ptr().add(i) }
}

pub unsafe fn cclosure_function(f: *const c_void) -> *const c_void {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(f as *const GCfuncC)).f }
}

pub unsafe fn cclosure_size(f: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { std::mem::offset_of!(GCfuncC, upvalue) + 8 * cclosure_upvalues(f) }
}

/// The environment of a function (Lua or C).
pub unsafe fn function_env(f: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(f as *const GCfuncC)).env as usize }
}

/// The kind of object a value is, if it is one.
#[inline]
pub fn kind_of(v: TValue) -> Option<Kind> {
    match v.itype() {
        LJ_TTAB => Some(Kind::Table),
        LJ_TSTR => Some(Kind::String),
        LJ_TFUNC => Some(if v.variant() == VLCL {
            Kind::Function
        } else {
            Kind::CFunction
        }),
        LJ_TUDATA => Some(Kind::Userdata),
        LJ_TTHREAD => Some(Kind::Thread),
        LJ_TCDATA => Some(Kind::Cdata),
        LJ_TPROTO => Some(Kind::Proto),
        _ => None,
    }
}
