//! Which hooks a thread needs as functions are called and return.
//!
//! The line hook runs only in functions that own a breakpoint line; the
//! return hook only while returning can reach one (a frame below the
//! running one owns lines, or the running one does). [`Below`] remembers the
//! nearest such frame of the running thread, so that neither a call nor a
//! return walks the stack in the common case.

use std::os::raw::{c_int, c_void};

use mlua::ffi::lua_State;
use snapshot::frame::{CallFrame, ProtoRef};

use super::active::Hooked;
use super::mask::{mask_for, Below, BelowMemo};
use super::protos::ProtoInfo;
use super::shortcuts;

/// Runs `f` on what the cache knows of prototype `p` (made on first sight).
pub unsafe fn with_info<R>(dbg: &Hooked, p: ProtoRef, f: impl FnOnce(&ProtoInfo) -> R) -> R {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let frees = snapshot::identity::proto_frees();
        let mut protos = dbg.protos.borrow_mut();
        if let Some(info) = protos.cached(p, frees) {
            return f(info);
        }
        let mut bps = dbg.breakpoints.borrow_mut();
        f(protos.fill(p, &mut bps))
    }
}

/// Whether the function of prototype `p` owns a breakpoint line.
pub unsafe fn owns_lines(dbg: &Hooked, p: ProtoRef) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { with_info(dbg, p, |info| info.lines) }
}

/// The prototype whose breakpoint lines count while `frame` runs: its own,
/// or for a C function on LuaJIT, that of the nearest Lua frame below it.
/// LuaJIT calls no return hook when a C function returns, so the mask set
/// while it runs (at its call, or when a Lua function it called returns to
/// it) is the one its Lua caller goes on with.
///
/// # Safety
/// `frame` is a frame of a live thread, inside a hook.
pub unsafe fn lines_proto(frame: CallFrame) -> Option<ProtoRef> {
    // SAFETY: the caller's contract.
    unsafe {
        let mut frame = frame;
        loop {
            if let Some(p) = frame.proto() {
                return Some(p);
            }
            if super::jit::C_RETURNS_HOOKED {
                return None;
            }
            frame = frame.caller()?;
        }
    }
}

/// What is known of the frames below the running one of `l`.
pub fn below(dbg: &Hooked, l: *mut lua_State) -> Below {
    let memo = dbg.below.get();
    if memo.thread == l as *mut c_void {
        memo.below
    } else {
        Below::Unknown
    }
}

pub fn set_below(dbg: &Hooked, l: *mut lua_State, below: Below) {
    dbg.below.set(BelowMemo {
        thread: l as *mut c_void,
        below,
    });
}

/// A call (or tail call) of the function of `callee`: the thread's mask,
/// and the function breakpoint on the callee, if any.
pub unsafe fn on_call(
    l: *mut lua_State,
    dbg: &Hooked,
    callee: CallFrame,
    tail: bool,
) -> (c_int, Option<i64>) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let proto = callee.proto();
        // Whether it owns breakpoint lines, and whether a function
        // breakpoint is on it (then no shortcut may skip its calls).
        let (lines, entry) = match proto {
            Some(p) => with_info(dbg, p, |info| (info.lines, info.entry)),
            None => (
                lines_proto(callee).is_some_and(|p| owns_lines(dbg, p)),
                None,
            ),
        };
        let mut below = below(dbg, l);
        if !tail {
            // The caller is now below the running frame.
            if let Some(caller) = callee.caller() {
                let caller_proto = caller.proto();
                let caller_lines = if caller_proto == proto {
                    lines // recursion
                } else {
                    caller_proto.is_some_and(|p| owns_lines(dbg, p))
                };
                if caller_lines {
                    below = Below::At(caller.slot(l as *mut c_void));
                } else if let Below::At(slot) = below {
                    if slot >= callee.slot(l as *mut c_void) {
                        below = Below::Unknown; // that frame was unwound by an error
                    }
                }
            }
        }
        if below == Below::Unknown {
            let from = callee.caller();
            below = nearest_owner(l as *mut c_void, from, &mut |p| owns_lines(dbg, p));
        }
        set_below(dbg, l, below);
        if !tail && !lines && entry.is_none() && below == Below::None {
            // Neither function nor anything below has breakpoint lines.
            if let (Some(p), Some(caller)) = (proto, callee.caller().and_then(|f| f.proto())) {
                shortcuts::remember_call(l, caller, p);
            }
        }
        (mask_for(lines, below), entry)
    }
}

/// The function of `returning` returns to its caller.
pub unsafe fn on_return(l: *mut lua_State, dbg: &Hooked, returning: CallFrame) -> c_int {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let Some(to) = returning.caller() else {
            // The thread's first function: the thread is done.
            set_below(dbg, l, Below::None);
            return mask_for(false, Below::None);
        };
        let lines = lines_proto(to).is_some_and(|p| owns_lines(dbg, p));
        let below = match below(dbg, l) {
            Below::At(slot) if slot < to.slot(l as *mut c_void) => Below::At(slot),
            Below::None => Below::None,
            _ => nearest_owner(l as *mut c_void, to.caller(), &mut |p| owns_lines(dbg, p)),
        };
        set_below(dbg, l, below);
        mask_for(lines, below)
    }
}

/// The nearest frame from `from` down (inclusive) whose function owns a
/// breakpoint line.
///
/// # Safety
/// `from` is a frame of `l`, a live thread, inside a hook.
pub unsafe fn nearest_owner(
    l: *mut std::os::raw::c_void,
    from: Option<CallFrame>,
    owns: &mut impl FnMut(ProtoRef) -> bool,
) -> Below {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let mut frame = from;
        while let Some(f) = frame {
            if f.proto().is_some_and(&mut *owns) {
                return Below::At(f.slot(l));
            }
            frame = f.caller();
        }
        Below::None
    }
}
