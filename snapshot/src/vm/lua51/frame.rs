//! What a debug hook reads of the frame it runs for, without the C API
//! (Lua 5.1): the same surface as `vm/lua54/frame.rs`.
//!
//! 5.1's frames are an array of `CallInfo`, from `base_ci` (the thread's C
//! entry, no function) up to `ci`; a hook's `lua_Debug` names its frame by
//! index (`i_ci`). The array is reallocated when calls nest deeper, so a
//! [`CallFrame`] keeps the thread and the index and resolves them at each
//! use. The running frame keeps its PC in the thread (`L->savedpc`), the
//! others in their record.
//!
//! Every function takes pointers that Lua gave the hook that is running, on
//! the VM thread: the frames and the objects they reach are live and not
//! being modified while the hook runs.

use std::os::raw::{c_char, c_int, c_void};

use super::{function_is_lua, string_bytes, CallInfo, LClosure, LuaState, Proto};
use super::{TBOOLEAN, TFUNCTION, TNIL, TNUMBER, TPROTO, TSTRING};

/// `lua_Debug` as 5.1's `lua.h` declares it, including the private `i_ci`
/// (the frame's index in the thread's `CallInfo` array).
#[repr(C)]
struct DebugRecord {
    event: c_int,
    name: *const c_char,
    namewhat: *const c_char,
    what: *const c_char,
    source: *const c_char,
    currentline: c_int,
    nups: c_int,
    linedefined: c_int,
    lastlinedefined: c_int,
    short_src: [c_char; 60],
    i_ci: c_int,
}

const _: () =
    assert!(std::mem::size_of::<DebugRecord>() == std::mem::size_of::<mlua::ffi::lua_Debug>());

/// A frame of a running thread: the thread and the frame's index in its
/// `CallInfo` array (0 is the thread's base, no frame).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CallFrame {
    l: *const c_void,
    index: u32,
}

pub use crate::vm::frame_common::{ProtoRef, Scalar};

/// The thread `l` as its struct.
///
/// # Safety
/// `l` is a live thread.
unsafe fn state<'a>(l: *const c_void) -> &'a LuaState {
    // SAFETY: the caller's contract.
    unsafe { &*(l as *const LuaState) }
}

/// The frame a hook runs for (the called function for a call hook, the
/// returning one for a return hook, the current one for a line hook).
///
/// # Safety
/// `ar` is the record Lua passed to the running hook, on thread `l`.
#[inline]
pub unsafe fn hooked(l: *const c_void, ar: *const mlua::ffi::lua_Debug) -> CallFrame {
    // SAFETY: `DebugRecord` is `lua_Debug` with its private field named; a
    // hook's `i_ci` is its frame's index (`luaD_callhook`).
    let index = unsafe { (*(ar as *const DebugRecord)).i_ci }.max(0) as u32;
    CallFrame { l, index }
}

/// The frame running on thread `l` (its innermost one).
///
/// # Safety
/// `l` is a live thread of the VM, on the VM thread.
#[inline]
pub unsafe fn running(l: *const c_void) -> CallFrame {
    // SAFETY: the caller's contract: `ci` is an element of `base_ci`'s array.
    let index = unsafe {
        let s = state(l);
        s.ci.offset_from(s.base_ci).max(0) as u32
    };
    CallFrame { l, index }
}

/// The instructions left before thread `l`'s next count event
/// (`L->hookcount`, per thread as in 5.4).
///
/// # Safety
/// `l` is a live thread of the VM, on the VM thread.
#[inline]
pub unsafe fn hook_countdown(l: *const c_void) -> i32 {
    // SAFETY: the caller's contract.
    unsafe { state(l).hookcount }
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
    unsafe { (*(ar as *mut DebugRecord)).i_ci = frame.index as c_int }
}

impl CallFrame {
    /// The frame's record.
    ///
    /// # Safety
    /// `self` is a frame of a live thread.
    unsafe fn record<'a>(self) -> &'a CallInfo {
        // SAFETY: the caller's contract: `index` is at most `ci`'s.
        unsafe { &*state(self.l).base_ci.add(self.index as usize) }
    }

    /// The frame that called this one; `None` below the thread's first.
    ///
    /// # Safety
    /// `self` is a frame of a live thread.
    #[inline]
    pub unsafe fn caller(self) -> Option<CallFrame> {
        // Index 0 is the thread's base, which has no function of its own.
        (self.index > 1).then_some(CallFrame {
            l: self.l,
            index: self.index - 1,
        })
    }

    /// The prototype of the frame's function; `None` for C functions.
    ///
    /// # Safety
    /// As for [`CallFrame::caller`].
    #[inline]
    pub unsafe fn proto(self) -> Option<ProtoRef> {
        // SAFETY: the caller's contract: a frame's `func` slot holds its
        // function.
        unsafe {
            if self.index == 0 {
                return None;
            }
            let f = *self.record().func;
            (f.tt == TFUNCTION as i32 && function_is_lua(f.gc()))
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
        unsafe { self.record().func.offset_from(state(l).stack).max(0) as usize }
    }

    /// The instruction the frame is executing: the running frame's PC is
    /// the thread's (`currentpc`), which 5.1 advances before a line hook.
    ///
    /// # Safety
    /// `self` is a Lua frame whose prototype is `p`.
    #[inline]
    pub unsafe fn pc(self, p: ProtoRef) -> i32 {
        // SAFETY: the caller's contract: the PC points into `p`'s code.
        unsafe {
            let s = state(self.l);
            let saved = if s.ci.offset_from(s.base_ci) == self.index as isize {
                s.savedpc
            } else {
                self.record().savedpc
            };
            let code = (*(p.0 as *const Proto)).code;
            (saved.offset_from(code) as i32 - 1).max(0)
        }
    }

    /// The value in register `reg` of the frame (counted from its `base`).
    /// Every 5.1 number is a double.
    ///
    /// # Safety
    /// `reg` is a register of the frame's Lua function that holds an active
    /// local (so it is below the stack top).
    #[inline]
    pub unsafe fn register<'a>(self, reg: u8) -> Scalar<'a> {
        // SAFETY: the caller's contract: the register is on the stack.
        unsafe {
            let v = *self.record().base.add(reg as usize);
            match v.tt {
                t if t == TNIL as i32 => Scalar::Nil,
                t if t == TBOOLEAN as i32 => Scalar::Bool(v.value as u32 != 0),
                t if t == TNUMBER as i32 => Scalar::Float(v.as_float()),
                t if t == TSTRING as i32 => Scalar::Str(string_bytes(v.gc())),
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

/// LuaJIT's global "a hook runs now" flag: Lua 5.1 keeps it per thread
/// (`allowhook`), so there is nothing to do.
///
/// # Safety
/// None here; see LuaJIT's.
pub unsafe fn set_hook_active(_l: *const c_void, _active: bool) -> bool {
    false
}

/// Whether the allocator sees a failed request again after a collection:
/// Lua 5.1 raises its memory error at once (`luaM_realloc_`), no
/// emergency collection (see `identity`'s memory limit).
pub const ALLOC_RETRIED_AFTER_GC: bool = false;

/// Whether the allocator is handing out a new prototype: 5.1 allocates
/// every object with `osize` 0, so it cannot tell; the debugger treats all
/// files with breakpoints as loaded instead (as on LuaJIT).
#[inline]
pub fn is_new_proto(_osize: usize) -> bool {
    false
}

/// Whether a block the allocator is about to free is a prototype: one of a
/// prototype's size whose header says so (`luaF_freeproto` frees the
/// prototype's arrays first, its header is intact).
///
/// # Safety
/// `block` is a live block of `osize` bytes.
#[inline]
pub unsafe fn is_proto_free(block: *const c_void, osize: usize) -> bool {
    // SAFETY: the byte is inside the block (`osize` covers a header).
    osize == PROTO_SIZE && unsafe { (*(block as *const Proto)).tt } == TPROTO
}

/// The parameters function `f` declares (0 for a C function): 5.1's
/// `lua_getinfo` does not give them.
///
/// # Safety
/// `f` is a live function (`lua_topointer` of one).
pub unsafe fn param_count(f: *const c_void) -> u8 {
    // SAFETY: the caller's contract: a Lua closure's prototype is live.
    unsafe {
        if !function_is_lua(f) {
            return 0;
        }
        (*(*(f as *const LClosure)).p).numparams
    }
}

/// The main thread of `l`'s VM (5.1's registry does not hold it).
///
/// # Safety
/// `l` is a live thread.
pub unsafe fn main_thread(l: *const c_void) -> *mut c_void {
    // SAFETY: the caller's contract; `mainthread` is a field of the global
    // state.
    unsafe { super::g_word(super::global(l), super::G_MAINTHREAD) as *mut c_void }
}

/// No line memo to keep across `lua_sethook` here (Lua 5.3's, see there).
pub use crate::vm::frame_common::{hook_line_memo, restore_line_memo};
