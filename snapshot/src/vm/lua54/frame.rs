//! What a debug hook reads of the frame it runs for, without the C API.
//!
//! A hook that calls `lua_getinfo` to learn which function it runs for pays
//! for the formatting of `short_src` at every call of every function; in a
//! call-heavy script that is most of the debugger's cost. The activation
//! record Lua hands the hook already points at the frame (`i_ci`), and the
//! frame at the function and its prototype: a few loads. A prototype's
//! address is a stable key for "this function definition" for as long as the
//! prototype lives (see `identity.rs` for how frees are noticed).
//!
//! Every function takes pointers that Lua gave the hook that is running, on
//! the VM thread: the frames and the objects they reach are live and not
//! being modified while the hook runs.

use std::os::raw::{c_char, c_int, c_void};

use super::{string_bytes, CallInfo, LClosure, LuaState, Proto, CIST_C, VFALSE, VLCL, VTRUE};
use super::{TNIL, TSTRING, VNUMFLT, VNUMINT};

/// `lua_Debug` as `lua.h` declares it, including the private `i_ci` that
/// `mlua::ffi::lua_Debug` hides.
#[repr(C)]
struct DebugRecord {
    event: c_int,
    name: *const c_char,
    namewhat: *const c_char,
    what: *const c_char,
    source: *const c_char,
    srclen: usize,
    currentline: c_int,
    linedefined: c_int,
    lastlinedefined: c_int,
    nups: u8,
    nparams: u8,
    isvararg: c_char,
    istailcall: c_char,
    ftransfer: u16,
    ntransfer: u16,
    short_src: [c_char; 60],
    i_ci: *mut CallInfo,
}

const _: () =
    assert!(std::mem::size_of::<DebugRecord>() == std::mem::size_of::<mlua::ffi::lua_Debug>());

pub use crate::vm::frame_common::{ProtoRef, Scalar};

/// A frame (`CallInfo`) of a running thread.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CallFrame(*const CallInfo);

/// The frame a hook runs for (the called function for a call hook, the
/// returning one for a return hook, the current one for a line hook).
///
/// # Safety
/// `ar` is the record Lua passed to the running hook (on thread `_l`).
#[inline]
pub unsafe fn hooked(_l: *const c_void, ar: *const mlua::ffi::lua_Debug) -> CallFrame {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { CallFrame((*(ar as *const DebugRecord)).i_ci) }
}

/// The frame running on thread `l` (its innermost one).
///
/// # Safety
/// `l` is a live thread of the VM, on the VM thread.
#[inline]
pub unsafe fn running(l: *const c_void) -> CallFrame {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { CallFrame((*(l as *const LuaState)).ci) }
}

/// The instructions left before thread `l`'s next count event
/// (`L->hookcount`). `lua_sethook` restarts it from the new count; a hook
/// that changes a mask but keeps the count puts it back, so that a count
/// hook it shares the thread with keeps its rhythm.
///
/// # Safety
/// `l` is a live thread of the VM, on the VM thread.
#[inline]
pub unsafe fn hook_countdown(l: *const c_void) -> i32 {
    // SAFETY: the caller's contract: `l` is a live `lua_State`.
    unsafe { (*(l as *const LuaState)).hookcount }
}

/// Sets what [`hook_countdown`] reads.
///
/// # Safety
/// As for [`hook_countdown`], and not while Lua itself updates the count
/// (only from a hook or a C function on `l`'s VM thread).
#[inline]
pub unsafe fn set_hook_countdown(l: *mut c_void, left: i32) {
    // SAFETY: the caller's contract: `l` is a live `lua_State` no one else
    // writes now.
    unsafe { (*(l as *mut LuaState)).hookcount = left }
}

/// Points `ar` at `frame`, as `lua_getstack` does once it has found the
/// level: what a debugger that walked the frames once per stop uses instead
/// of `lua_getstack`, whose walk from the top makes level `n` cost `n`.
///
/// # Safety
/// `frame` is a frame of a live thread; `ar` is valid for writes.
#[inline]
pub unsafe fn point_record(ar: *mut mlua::ffi::lua_Debug, frame: CallFrame) {
    // SAFETY: `DebugRecord` is `lua_Debug` with its private field named
    // (same size, checked above); the caller gives a writable record.
    unsafe { (*(ar as *mut DebugRecord)).i_ci = frame.0 as *mut CallInfo }
}

impl CallFrame {
    /// The frame that called this one; `None` below the thread's first.
    ///
    /// # Safety
    /// `self` is a frame of a live thread.
    #[inline]
    pub unsafe fn caller(self) -> Option<CallFrame> {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let prev = (*self.0).previous;
            // The thread's base frame has no function of its own.
            (!prev.is_null() && !(*prev).previous.is_null()).then_some(CallFrame(prev))
        }
    }

    /// The prototype of the frame's function; `None` for C functions.
    ///
    /// # Safety
    /// As for [`CallFrame::caller`].
    #[inline]
    pub unsafe fn proto(self) -> Option<ProtoRef> {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let ci = &*self.0;
            if ci.callstatus & CIST_C != 0 || ci.func.is_null() {
                return None;
            }
            let f = *ci.func;
            (f.variant() == VLCL)
                .then(|| ProtoRef((*(f.gc() as *const LClosure)).p as *const c_void))
        }
    }

    /// The frame's function slot, counted from the bottom of `l`'s stack:
    /// deeper frames have larger slots, and the number survives the stack
    /// being reallocated.
    ///
    /// # Safety
    /// `self` is a frame of `l`, a live thread.
    #[inline]
    pub unsafe fn slot(self, l: *const c_void) -> usize {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let stack = (*(l as *const LuaState)).stack;
            (*self.0).func.offset_from(stack).max(0) as usize
        }
    }

    /// The instruction the frame is executing (a line hook's instruction).
    ///
    /// # Safety
    /// `self` is a Lua frame whose prototype is `p`.
    #[inline]
    pub unsafe fn pc(self, p: ProtoRef) -> i32 {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let code = (*(p.0 as *const Proto)).code;
            ((*self.0).savedpc.offset_from(code) as i32 - 1).max(0)
        }
    }

    /// The value in register `reg` of the frame.
    ///
    /// # Safety
    /// `reg` is a register of the frame's function that holds an active
    /// local (so it is below the stack top).
    #[inline]
    pub unsafe fn register<'a>(self, reg: u8) -> Scalar<'a> {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let v = *(*self.0).func.add(1 + reg as usize);
            match v.variant() {
                VFALSE => Scalar::Bool(false),
                VTRUE => Scalar::Bool(true),
                VNUMINT => Scalar::Int(v.as_int()),
                VNUMFLT => Scalar::Float(v.as_float()),
                _ if v.basic_type() == TNIL => Scalar::Nil,
                _ if v.basic_type() == TSTRING => Scalar::Str(string_bytes(v.gc())),
                _ => Scalar::Other,
            }
        }
    }
}

impl ProtoRef {
    /// `linedefined` and `lastlinedefined` (0, 0 for a main chunk).
    ///
    /// # Safety
    /// As for [`ProtoRef::at`].
    #[inline]
    pub unsafe fn lines(self) -> (i32, i32) {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let p = &*(self.0 as *const Proto);
            (p.linedefined, p.lastlinedefined)
        }
    }

    /// The register of the local `name` visible at `pc` (the innermost of
    /// that name), as `lua_getlocal` numbers them.
    ///
    /// # Safety
    /// As for [`ProtoRef::at`].
    #[inline]
    pub unsafe fn local_register(self, name: &[u8], pc: i32) -> Option<u8> {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let p = &*(self.0 as *const Proto);
            let mut found = None;
            let mut active = 0usize;
            for lv in super::raw_slice(p.locvars, p.sizelocvars) {
                if lv.startpc > pc {
                    break;
                }
                if pc < lv.endpc {
                    if !lv.varname.is_null() && string_bytes(lv.varname as *const c_void) == name {
                        found = u8::try_from(active).ok();
                    }
                    active += 1;
                }
            }
            found
        }
    }
}

/// Size of a prototype's block: the allocator sees one freed with exactly
/// this size when a prototype dies.
pub const PROTO_SIZE: usize = std::mem::size_of::<Proto>();

/// The `osize` the allocator gets when Lua allocates a new prototype (its
/// type tag, `LUA_TPROTO`).
pub const PROTO_TAG: usize = super::TPROTO as usize;

/// LuaJIT's global "a hook runs now" flag: Lua 5.4 keeps it per thread
/// (a fresh coroutine has hooks), so there is nothing to do.
///
/// # Safety
/// None here; see LuaJIT's.
pub unsafe fn set_hook_active(_l: *const c_void, _active: bool) -> bool {
    false
}

/// Whether the allocator sees a failed request again after a collection:
/// Lua 5.4 runs an emergency collection when an allocation fails and asks
/// the allocator again (`luaM_malloc_`) (see `identity`'s memory limit).
pub const ALLOC_RETRIED_AFTER_GC: bool = true;

/// Whether the allocator is handing out a new prototype (`osize` is the
/// new object's type tag).
#[inline]
pub fn is_new_proto(osize: usize) -> bool {
    osize == PROTO_TAG
}

/// Whether a block the allocator is about to free may be a prototype (one
/// of a prototype's size: other objects of that size count too).
///
/// # Safety
/// `_block` is a live block of `osize` bytes.
#[inline]
pub unsafe fn is_proto_free(_block: *const c_void, osize: usize) -> bool {
    osize == PROTO_SIZE
}

impl ProtoRef {
    /// The chunk name, `None` while the parser has not set it (or, for
    /// stripped binary chunks, ever).
    ///
    /// # Safety
    /// As for [`ProtoRef::at`].
    #[inline]
    pub unsafe fn source_if_set<'a>(self) -> Option<&'a [u8]> {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let s = (*(self.0 as *const Proto)).source;
            (!s.is_null()).then(|| string_bytes(s as *const c_void))
        }
    }
}

/// No line memo to keep across `lua_sethook` here (Lua 5.3's, see there).
pub use crate::vm::frame_common::{hook_line_memo, restore_line_memo};
