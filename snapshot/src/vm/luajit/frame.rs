//! What a debug hook reads of the frame it runs for, without the C API
//! (LuaJIT 2.1, GC64): the same surface as `vm/lua54/frame.rs`.
//!
//! LuaJIT has no `CallInfo`: frames are linked through the stack
//! (lj_frame.h). With two-slot frames (`LJ_FR2`) a frame is the slot below
//! a function's `base`: it holds the link to the caller (the return PC of a
//! Lua caller, or a delta and a frame type), and the slot under it the
//! function. A hook's `lua_Debug` names its frame by slot offset (`i_ci`).
//! Offsets survive the stack being reallocated, so [`CallFrame`] keeps the
//! thread and offsets, and resolves them at each use.
//!
//! Every function takes pointers that Lua gave the hook that is running, on
//! the VM thread: the frames and the objects they reach are live and not
//! being modified while the hook runs.

use std::os::raw::{c_char, c_int, c_void};

/// `lua_Debug` as LuaJIT's `lua.h` declares it, including the private
/// `i_ci` (the frame's slot offset, and in bits 16.. the distance to the
/// frame above it, which `lua_getinfo` needs for the frame's PC).
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

use super::threads::{
    CFRAME_OFS_PC, CFRAME_RAWMASK, FRAME_LUA, FRAME_TYPE, FRAME_TYPEP, FRAME_VARG,
};
use super::{string_bytes, GCfuncL, GCproto, LuaState, GCV_MASK, LJ_TFALSE, LJ_TNIL};
use super::{LJ_TPROTO, LJ_TSTR, LJ_TTRUE};

/// `itype` values up to this one are numbers (`LJ_TISNUM`, GC64).
const TAG_ISNUM: u32 = 0xfffe_ffff;
/// `sizeof(GCproto)`: the bytecode follows it.
const PROTO_HEADER: usize = std::mem::size_of::<GCproto>();

pub use crate::vm::frame_common::{ProtoRef, Scalar};

/// A frame of a running (or paused) thread: its slot and the distance to
/// the frame above it (0 for the innermost).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CallFrame {
    l: *const c_void,
    slot: u32,
    above: u32,
}

unsafe fn stack(l: *const c_void) -> *const u64 {
    // SAFETY: `l` is a live `lua_State` (callers' contract).
    unsafe { (*(l as *const LuaState)).stack as *const u64 }
}

/// The link slot of a frame, and the function (a `GCfunc`) under it.
unsafe fn link(l: *const c_void, slot: u32) -> i64 {
    // SAFETY: `slot` is a frame slot of `l`'s stack.
    unsafe { *stack(l).add(slot as usize) as i64 }
}

unsafe fn function(l: *const c_void, slot: u32) -> *const c_void {
    // SAFETY: as for `link`; the slot under a frame holds its function.
    unsafe { (*stack(l).add(slot as usize - 1) & GCV_MASK) as *const c_void }
}

/// The slot of the frame below the one at `slot` (`frame_prev`).
unsafe fn prev(l: *const c_void, slot: u32) -> Option<u32> {
    // SAFETY: as for `link`; a Lua frame's link is the return PC into its
    // caller, whose previous instruction (the call) names the base.
    unsafe {
        let ftsz = link(l, slot);
        let down = if ftsz & FRAME_TYPE == FRAME_LUA {
            let call = *(ftsz as *const u32).sub(1);
            2 + ((call >> 8) & 0xff) as i64
        } else {
            (ftsz & !FRAME_TYPEP) / 8
        };
        u32::try_from(slot as i64 - down).ok()
    }
}

/// The first frame at or below `slot` that `lua_getstack` counts as a
/// level (`lj_debug_frame`: dummy frames, whose function is the thread
/// itself, and the pseudo-frame under a vararg frame are skipped).
unsafe fn settle(
    l: *const c_void,
    mut slot: Option<u32>,
    mut above: u32,
    mut skip: bool,
) -> Option<CallFrame> {
    // SAFETY: walks `l`'s frame chain; see `prev`.
    unsafe {
        while let Some(s) = slot.filter(|&s| s > 1) {
            if !skip && function(l, s) != l {
                return Some(CallFrame { l, slot: s, above });
            }
            skip = link(l, s) & FRAME_TYPEP == FRAME_VARG;
            let below = prev(l, s);
            above = below.map_or(0, |b| s - b);
            slot = below;
        }
        None
    }
}

unsafe fn top_slot(l: *const c_void) -> Option<u32> {
    // SAFETY: `l` is live; its frame is the slot under `base`.
    unsafe {
        let base = (*(l as *const LuaState)).base as *const u64;
        u32::try_from(base.offset_from(stack(l)) - 1).ok()
    }
}

/// The frame a hook runs for (the called function for a call hook, the
/// returning one for a return hook, the current one for a line hook).
///
/// # Safety
/// `ar` is the record Lua passed to the running hook, on thread `l`.
#[inline]
pub unsafe fn hooked(l: *const c_void, ar: *const mlua::ffi::lua_Debug) -> CallFrame {
    // SAFETY: `DebugRecord` is `lua_Debug` with its private field named; a
    // hook's `i_ci` is its frame's slot (lj_dispatch.c, `callhook`).
    unsafe {
        let slot = ((*(ar as *const DebugRecord)).i_ci & 0xffff) as u32;
        CallFrame { l, slot, above: 0 }
    }
}

/// The frame running on thread `l` (its innermost one), or the thread's
/// bottom when nothing runs ([`CallFrame::caller`] is then `None`).
///
/// # Safety
/// `l` is a live thread of the VM, on the VM thread.
#[inline]
pub unsafe fn running(l: *const c_void) -> CallFrame {
    // SAFETY: the caller's contract.
    unsafe {
        settle(l, top_slot(l), 0, false).unwrap_or(CallFrame {
            l,
            slot: 1,
            above: 0,
        })
    }
}

/// The instructions left before the next count event. LuaJIT keeps the
/// countdown in the global state, shared by all threads; this is its
/// period (`lua_gethookcount`), so a count hook shared with the script
/// restarts its period when the debugger changes the mask.
///
/// # Safety
/// `l` is a live thread of the VM, on the VM thread.
#[inline]
pub unsafe fn hook_countdown(l: *const c_void) -> i32 {
    // SAFETY: `lua_gethookcount` reads a field.
    unsafe { mlua::ffi::lua_gethookcount(l as *mut _) }
}

/// Sets what [`hook_countdown`] reads: nothing to do on LuaJIT (see there).
///
/// # Safety
/// As for [`hook_countdown`].
#[inline]
pub unsafe fn set_hook_countdown(_l: *mut c_void, _left: i32) {}

/// Points `ar` at `frame`, as `lua_getstack` does once it has found the
/// level.
///
/// # Safety
/// `frame` is a frame of a live thread; `ar` is valid for writes.
#[inline]
pub unsafe fn point_record(ar: *mut mlua::ffi::lua_Debug, frame: CallFrame) {
    // SAFETY: `DebugRecord` is `lua_Debug` with its private field named
    // (same size, checked above); the caller gives a writable record.
    unsafe { (*(ar as *mut DebugRecord)).i_ci = ((frame.above << 16) + frame.slot) as c_int }
}

impl CallFrame {
    /// The frame that called this one; `None` below the thread's first.
    ///
    /// # Safety
    /// `self` is a frame of a live thread.
    #[inline]
    pub unsafe fn caller(self) -> Option<CallFrame> {
        // SAFETY: the caller's contract.
        unsafe {
            if self.slot <= 1 {
                return None;
            }
            let skip = link(self.l, self.slot) & FRAME_TYPEP == FRAME_VARG;
            let below = prev(self.l, self.slot)?;
            settle(self.l, Some(below), self.slot - below, skip)
        }
    }

    /// The prototype of the frame's function; `None` for C functions.
    ///
    /// # Safety
    /// As for [`CallFrame::caller`].
    #[inline]
    pub unsafe fn proto(self) -> Option<ProtoRef> {
        // SAFETY: the caller's contract; a Lua function's `pc` points at
        // its prototype's first instruction, right after the prototype.
        unsafe {
            if self.slot <= 1 {
                return None;
            }
            let f = function(self.l, self.slot) as *const GCfuncL;
            if f.is_null() || (*f).ffid != 0 {
                return None;
            }
            let pc = (*f).pc as *const u8;
            Some(ProtoRef(pc.sub(PROTO_HEADER) as *const c_void))
        }
    }

    /// The frame's slot, counted from the bottom of its thread's stack:
    /// deeper frames have larger slots, and the number survives the stack
    /// being reallocated.
    ///
    /// # Safety
    /// `self` is a frame of `l`, a live thread.
    #[inline]
    pub unsafe fn slot(self, _l: *const c_void) -> usize {
        self.slot as usize
    }

    /// The instruction the frame is executing, for the frame a hook runs
    /// for (the interpreter saves its PC in its C frame before calling the
    /// hook); 0 for other frames. [`ProtoRef::local_register`] finds no
    /// register on LuaJIT: conditions are decided by Lua.
    ///
    /// # Safety
    /// `self` is a Lua frame whose prototype is `p`.
    #[inline]
    pub unsafe fn pc(self, p: ProtoRef) -> i32 {
        if self.above != 0 {
            return 0;
        }
        // SAFETY: the caller's contract; `cframe` is the interpreter's C
        // frame of `l` (tag bits masked), whose saved PC is one past the
        // instruction, inside `p`'s bytecode.
        unsafe {
            let cf = ((*(self.l as *const LuaState)).cframe as usize & CFRAME_RAWMASK) as *const u8;
            if cf.is_null() {
                return 0;
            }
            let pc = *(cf.add(CFRAME_OFS_PC) as *const *const u32);
            let bc = (p.0 as *const u8).add(PROTO_HEADER) as *const u32;
            (pc.offset_from(bc) as i32 - 1).max(0)
        }
    }

    /// The value in register `reg` of the frame.
    ///
    /// # Safety
    /// `reg` is a register of the frame's function that holds an active
    /// local (so it is below the stack top).
    #[inline]
    pub unsafe fn register<'a>(self, reg: u8) -> Scalar<'a> {
        // SAFETY: the caller's contract: the slot is on the stack.
        unsafe {
            let v = *stack(self.l).add(self.slot as usize + 1 + reg as usize);
            let tag = (v >> 47) as u32;
            match tag {
                LJ_TNIL => Scalar::Nil,
                LJ_TFALSE => Scalar::Bool(false),
                LJ_TTRUE => Scalar::Bool(true),
                LJ_TSTR => Scalar::Str(string_bytes((v & GCV_MASK) as *const c_void)),
                t if t <= TAG_ISNUM => Scalar::Float(f64::from_bits(v)),
                _ => Scalar::Other,
            }
        }
    }
}

impl ProtoRef {
    /// `linedefined` and `lastlinedefined` as Lua 5.4 gives them (0, 0 for
    /// a main chunk).
    ///
    /// # Safety
    /// As for [`ProtoRef::at`].
    #[inline]
    pub unsafe fn lines(self) -> (i32, i32) {
        // SAFETY: the caller's contract.
        unsafe {
            let p = &*(self.0 as *const GCproto);
            if p.firstline == 0 {
                return (0, 0);
            }
            (p.firstline, p.firstline + p.numline)
        }
    }

    /// The register of the local `name` visible at `pc`: not read on
    /// LuaJIT (see [`CallFrame::pc`]).
    ///
    /// # Safety
    /// As for [`ProtoRef::at`].
    #[inline]
    pub unsafe fn local_register(self, _name: &[u8], _pc: i32) -> Option<u8> {
        None
    }

    /// The chunk name.
    ///
    /// # Safety
    /// As for [`ProtoRef::at`].
    #[inline]
    pub unsafe fn source_if_set<'a>(self) -> Option<&'a [u8]> {
        // SAFETY: the caller's contract; a finished prototype has a name.
        unsafe {
            let s = (*(self.0 as *const GCproto)).chunkname as *const c_void;
            (!s.is_null()).then(|| string_bytes(s))
        }
    }
}

/// The parameters function `f` declares (0 for a C function): LuaJIT's
/// `lua_getinfo` does not give them.
///
/// # Safety
/// `f` is a live function (`lua_topointer` of one).
pub unsafe fn param_count(f: *const c_void) -> u8 {
    // SAFETY: the caller's contract; a Lua function's `pc` follows its
    // prototype.
    unsafe {
        let f = f as *const GCfuncL;
        if (*f).ffid != 0 {
            return 0;
        }
        (*((*f).pc as *const u8).sub(PROTO_HEADER).cast::<GCproto>()).numparams
    }
}

/// The main thread of `l`'s VM (LuaJIT's registry does not hold it).
///
/// # Safety
/// `l` is a live thread.
pub unsafe fn main_thread(l: *const c_void) -> *mut c_void {
    // SAFETY: the caller's contract; `mainthref` is a field of the global
    // state.
    unsafe { super::g_word(super::global(l), super::G_MAINTHREF) as *mut c_void }
}

/// `global_State.hookmask` (right after the empty string and its
/// terminator) and its flag "a hook runs now" (`HOOK_ACTIVE`, lj_obj.h).
const G_HOOKMASK: usize = super::G_STREMPTY + std::mem::size_of::<super::GCstr>() + 1;
const HOOK_ACTIVE: u8 = 0x10;

/// Sets or clears LuaJIT's flag "a hook runs now", which stops every hook
/// of the VM (all threads share it), and returns its previous state. The
/// debugger clears it while it runs code for its client from inside a
/// hook, so that its own count hook can interrupt that code (Lua 5.4 keeps
/// the flag per thread: a fresh coroutine has hooks). Put it back before
/// the hook returns.
///
/// # Safety
/// `l` is a live thread, on the VM thread, inside a hook.
pub unsafe fn set_hook_active(l: *const c_void, active: bool) -> bool {
    // SAFETY: the caller's contract; `hookmask` is a byte of the global
    // state that only this thread writes now.
    unsafe {
        let mask = (super::global(l) as *mut u8).add(G_HOOKMASK);
        let was = *mask & HOOK_ACTIVE != 0;
        if active {
            *mask |= HOOK_ACTIVE;
        } else {
            *mask &= !HOOK_ACTIVE;
        }
        was
    }
}

/// Whether the allocator sees a failed request again after a collection:
/// LuaJIT raises its memory error as soon as an allocation fails
/// (`lj_mem_realloc`): no emergency collection, no second request (see `identity`'s memory limit).
pub const ALLOC_RETRIED_AFTER_GC: bool = false;

/// Whether the allocator is handing out a new prototype: LuaJIT allocates
/// every object with `osize` 0, so it cannot tell; the debugger treats all
/// files with breakpoints as loaded instead (as when attached).
#[inline]
pub fn is_new_proto(_osize: usize) -> bool {
    false
}

/// Whether a block the allocator is about to free may be a prototype:
/// prototypes have no fixed size on LuaJIT, but a block that big whose
/// object header says "prototype" is one (another block may look like one
/// by chance: the debugger then only forgets its per-function cache).
///
/// # Safety
/// `block` is a live block of `osize` bytes.
#[inline]
pub unsafe fn is_proto_free(block: *const c_void, osize: usize) -> bool {
    // SAFETY: the byte is inside the block (`osize` covers a header).
    osize >= PROTO_HEADER && unsafe { (*(block as *const GCproto)).gct } == !LJ_TPROTO as u8
}

/// No line memo to keep across `lua_sethook` here (Lua 5.3's, see there).
pub use crate::vm::frame_common::{hook_line_memo, restore_line_memo};
