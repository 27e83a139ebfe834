//! What a debug hook reads of the frame it runs for, without the C API
//! (Lua 5.3): the same surface as `vm/lua54/frame.rs`.
//!
//! 5.3's frames are `CallInfo` records linked by `previous`, as in 5.4;
//! what differs: a Lua frame's locals start at its `base` (a vararg
//! function's function stays below its varargs), a value's tag is an `int`
//! with 5.3's own number tags (`TValue::variant` maps them), and a frame
//! runs Lua when `CIST_LUA` is set.
//!
//! Every function takes pointers that Lua gave the hook that is running, on
//! the VM thread: the frames and the objects they reach are live and not
//! being modified while the hook runs.

use std::os::raw::{c_char, c_int, c_void};

use super::{string_bytes, CallInfo, LClosure, LuaState, Proto, VFALSE, VLCL, VTRUE};
use super::{TNIL, TSTRING, VNUMFLT, VNUMINT};

/// `lua_Debug` as 5.3's `lua.h` declares it, including the private `i_ci`.
#[repr(C)]
struct DebugRecord {
    event: c_int,
    name: *const c_char,
    namewhat: *const c_char,
    what: *const c_char,
    source: *const c_char,
    currentline: c_int,
    linedefined: c_int,
    lastlinedefined: c_int,
    nups: u8,
    nparams: u8,
    isvararg: c_char,
    istailcall: c_char,
    short_src: [c_char; 60],
    i_ci: *mut CallInfo,
}

const _: () =
    assert!(std::mem::size_of::<DebugRecord>() == std::mem::size_of::<mlua::ffi::lua_Debug>());

/// `callstatus` bit of a frame running a Lua function (`CIST_LUA`).
const CIST_LUA: u16 = 1 << 1;

/// A frame (`CallInfo`) of a running thread.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CallFrame(*const CallInfo);

pub use crate::vm::frame_common::{ProtoRef, Scalar};

/// The frame a hook runs for (the called function for a call hook, the
/// returning one for a return hook, the current one for a line hook).
///
/// # Safety
/// `ar` is the record Lua passed to the running hook (on thread `_l`).
#[inline]
pub unsafe fn hooked(_l: *const c_void, ar: *const mlua::ffi::lua_Debug) -> CallFrame {
    // SAFETY: `DebugRecord` is `lua_Debug` with its private field named; a
    // hook's record points at its frame (`luaD_hook`).
    unsafe { CallFrame((*(ar as *const DebugRecord)).i_ci) }
}

/// The frame running on thread `l` (its innermost one).
///
/// # Safety
/// `l` is a live thread of the VM, on the VM thread.
#[inline]
pub unsafe fn running(l: *const c_void) -> CallFrame {
    // SAFETY: the caller's contract: `l` is a live `lua_State`.
    unsafe { CallFrame((*(l as *const LuaState)).ci) }
}

/// The instructions left before thread `l`'s next count event
/// (`L->hookcount`, per thread as in 5.4).
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
/// As for [`hook_countdown`], and only from a hook or a C function on
/// `l`'s VM thread.
#[inline]
pub unsafe fn set_hook_countdown(l: *mut c_void, left: i32) {
    // SAFETY: the caller's contract: `l` is a live `lua_State` no one else
    // writes now.
    unsafe { (*(l as *mut LuaState)).hookcount = left }
}

/// Points `ar` at `frame`, as `lua_getstack` does once it has found the
/// level.
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
        // SAFETY: the caller's contract: frames link down to `base_ci`,
        // whose `previous` is null.
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
        // SAFETY: the caller's contract: a Lua frame's `func` slot holds
        // its closure.
        unsafe {
            let ci = &*self.0;
            if ci.callstatus & CIST_LUA == 0 || ci.func.is_null() {
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
        // SAFETY: the caller's contract: `func` is a slot of `l`'s stack.
        unsafe {
            let stack = (*(l as *const LuaState)).stack;
            (*self.0).func.offset_from(stack).max(0) as usize
        }
    }

    /// The instruction the frame is executing (a line hook's instruction:
    /// 5.3 advances `savedpc` before it calls the hook, as 5.4 does).
    ///
    /// # Safety
    /// `self` is a Lua frame whose prototype is `p`.
    #[inline]
    pub unsafe fn pc(self, p: ProtoRef) -> i32 {
        // SAFETY: the caller's contract: `savedpc` points into `p`'s code.
        unsafe {
            let code = (*(p.0 as *const Proto)).code;
            ((*self.0).savedpc.offset_from(code) as i32 - 1).max(0)
        }
    }

    /// The value in register `reg` of the frame (counted from its `base`).
    ///
    /// # Safety
    /// `reg` is a register of the frame's Lua function that holds an active
    /// local (so it is below the stack top).
    #[inline]
    pub unsafe fn register<'a>(self, reg: u8) -> Scalar<'a> {
        // SAFETY: the caller's contract: the register is on the stack.
        unsafe {
            let v = *(*self.0).base.add(reg as usize);
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

// `ProtoRef`'s `lines`, `local_register` and `source_if_set`: 5.3's and
// 5.1's prototypes name those fields alike (`classic.rs`).

/// Size of a prototype's block: the allocator sees one freed with exactly
/// this size when a prototype dies.
pub const PROTO_SIZE: usize = std::mem::size_of::<Proto>();

/// The `osize` the allocator gets when Lua allocates a new prototype (its
/// type tag, `LUA_TPROTO`, as in 5.4).
pub const PROTO_TAG: usize = super::TPROTO as usize;

/// LuaJIT's global "a hook runs now" flag: Lua 5.3 keeps it per thread
/// (`allowhook`), so there is nothing to do.
///
/// # Safety
/// None here; see LuaJIT's.
pub unsafe fn set_hook_active(_l: *const c_void, _active: bool) -> bool {
    false
}

/// Whether the allocator sees a failed request again after a collection:
/// Lua 5.3 runs an emergency collection and asks again (`luaM_realloc_`).
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

/// `callstatus` bit of a frame whose hook runs now (`CIST_HOOKED`).
const CIST_HOOKED: u16 = 1 << 2;

/// The line memo of thread `l` (`L->oldpc`, the last instruction the line
/// check saw) when a hook of its running frame runs now. 5.3's
/// `lua_sethook` moves it to the current instruction: a hook that changes
/// the mask inside a count event would have the line check that follows in
/// the same `luaG_traceexec` report the current line again. A hook keeps it
/// across its `lua_sethook` ([`restore_line_memo`]), as 5.4's does.
///
/// # Safety
/// `l` is a live thread of the VM, on the VM thread.
#[inline]
pub unsafe fn hook_line_memo(l: *const c_void) -> Option<usize> {
    // SAFETY: the caller's contract: `ci` is a live frame of `l`.
    unsafe {
        let s = &*(l as *const LuaState);
        ((*s.ci).callstatus & CIST_HOOKED != 0).then_some(s.oldpc as usize)
    }
}

/// Puts back the memo [`hook_line_memo`] read (nothing for `None`).
///
/// # Safety
/// As for [`hook_line_memo`], inside the same hook.
#[inline]
pub unsafe fn restore_line_memo(l: *mut c_void, memo: Option<usize>) {
    if let Some(pc) = memo {
        // SAFETY: the caller's contract: no one else writes `l` now.
        unsafe { (*(l as *mut LuaState)).oldpc = pc as *const u32 }
    }
}
