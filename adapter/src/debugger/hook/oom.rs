//! Out of memory under `memoryLimitMB`, as an error the debugger can stop
//! at.
//!
//! Lua raises a memory error (`LUA_ERRMEM`) without calling the message
//! handler, so neither exception filter would ever see it, and once it
//! unwinds the frames that allocated are gone. Instead, the allocator
//! (`snapshot::identity`) grants the request that would fail from a reserve
//! and calls [`on_limit`], which only arms a count hook on the running
//! thread; at the next instruction the hook raises "not enough memory
//! (memory limit reached)" as a regular error ([`raise`]), so the message handlers run with every frame
//! in place and the filters decide as for any error. The stop keeps the
//! reserve (`hold_reserve`) so that the stack, variables and snapshots work.
//!
//! Where no hook can follow (inside the debugger, a request larger than the
//! reserve, or an allocation Lua does not retry after collecting, such as
//! one during the collection itself), the allocation fails as before: a
//! memory error without a stop.

use std::sync::atomic::{AtomicBool, Ordering};

use mlua::ffi::{self, lua_State};

use super::active;
use super::event;
use crate::debugger::control::{CURRENT, IN_DEBUGGER};

/// The allocator granted from the reserve: raise at the next instruction.
static PENDING: AtomicBool = AtomicBool::new(false);
/// The error in flight is the one [`raise`] raised.
static RAISED: AtomicBool = AtomicBool::new(false);

/// The text of the error. Not Lua's own "not enough memory": `lua_error`
/// turns exactly that string into a memory error, which skips the message
/// handlers.
pub const MESSAGE: &str = "not enough memory (memory limit reached)";

/// Forgets what an earlier VM left.
pub fn reset() {
    PENDING.store(false, Ordering::SeqCst);
    RAISED.store(false, Ordering::SeqCst);
}

/// Called by the allocator when the limit is reached for good: whether the
/// error will be raised at the next instruction. Calls no Lua.
pub fn on_limit() -> bool {
    let enabled = active::with_active(|dbg| dbg.is_some_and(|d| d.enabled));
    let running = CURRENT.load(Ordering::SeqCst);
    if !enabled || running.is_null() || IN_DEBUGGER.load(Ordering::SeqCst) {
        return false;
    }
    PENDING.store(true, Ordering::SeqCst);
    // SAFETY: `CURRENT` is a live thread of this VM (resume_chain.rs), on
    // the VM thread; `lua_sethook` only stores fields, safe even here.
    unsafe { event::arm_count(running) };
    true
}

/// Whether the hook must raise the memory error now.
pub fn pending() -> bool {
    PENDING.load(Ordering::SeqCst)
}

/// Whether the error in flight is the one [`raise`] raised (without
/// consuming it, unlike [`take_raised`]).
pub fn in_flight() -> bool {
    RAISED.load(Ordering::SeqCst)
}

/// Whether `message` is the error [`raise`] raised (once).
pub fn take_raised(message: &str) -> bool {
    message == MESSAGE && RAISED.swap(false, Ordering::SeqCst)
}

/// Raises the memory error on `l` as a regular error.
///
/// # Safety
/// As for `event::raise_unwind`: from a hook frame with no live Rust value
/// that needs dropping.
pub unsafe fn raise(l: *mut lua_State) -> ! {
    PENDING.store(false, Ordering::SeqCst);
    RAISED.store(true, Ordering::SeqCst);
    // SAFETY: the caller's contract; the string is static, NUL-terminated.
    unsafe {
        ffi::lua_pushstring(l, c"not enough memory (memory limit reached)".as_ptr());
        ffi::lua_error(l);
    }
}
