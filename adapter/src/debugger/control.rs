//! Flags shared by the server thread, the VM thread and the signal handler.
//!
//! They are process-wide statics rather than fields of a session object
//! because the signal handler (see `hook/interrupt.rs`) can reach nothing
//! else. That is sound because the process runs at most one debuggee VM at a
//! time: a `--port` server joins the VM thread of a session before it accepts
//! the next one, and [`reset`] clears the flags when a VM starts.

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, Ordering};

use mlua::ffi::lua_State;

/// The server wants the VM's attention: commands are queued, or a pause or
/// termination was asked for. The VM thread services it at its next hook.
pub static INTERRUPT: AtomicBool = AtomicBool::new(false);
/// Stop at the next Lua instruction (the `pause` request).
pub static PAUSE: AtomicBool = AtomicBool::new(false);
/// Unwind the script: every hook raises an error until it is gone.
pub static TERMINATE: AtomicBool = AtomicBool::new(false);
/// The VM thread is inside the debugger (in a hook, stopped, or evaluating).
/// Hooks of other coroutines do nothing then, and the signal handler leaves
/// the hook masks alone.
pub static IN_DEBUGGER: AtomicBool = AtomicBool::new(false);
/// The VM thread is changing a hook mask; the signal handler must not
/// interleave its own `lua_sethook` with it (see `set_mask` in
/// `hook/event.rs`).
pub static MASK_BUSY: AtomicBool = AtomicBool::new(false);
/// The Lua thread (main state or coroutine) that runs right now, or null
/// when no script runs. Only the VM thread writes it; see
/// `hook/resume_chain.rs` for why it is always alive.
pub static CURRENT: AtomicPtr<lua_State> = AtomicPtr::new(std::ptr::null_mut());
/// `os.exit` was called; the script unwinds with this code.
pub static EXIT_REQUESTED: AtomicBool = AtomicBool::new(false);
pub static EXIT_CODE: AtomicI32 = AtomicI32::new(0);

/// Clears the per-run flags (not the exception filters, which the client set
/// for the session: `exception_filters.rs`).
pub fn reset() {
    for flag in [
        &INTERRUPT,
        &PAUSE,
        &TERMINATE,
        &IN_DEBUGGER,
        &MASK_BUSY,
        &EXIT_REQUESTED,
        &QUIET,
        &ENDED,
    ] {
        flag.store(false, Ordering::SeqCst);
    }
    EXIT_CODE.store(0, Ordering::SeqCst);
    CURRENT.store(std::ptr::null_mut(), Ordering::SeqCst);
}

/// Whether the script must unwind (terminate, or `os.exit`).
pub fn unwinding() -> bool {
    TERMINATE.load(Ordering::SeqCst) || EXIT_REQUESTED.load(Ordering::SeqCst)
}

/// The script is being replaced (`restart`): no `exited`/`terminated`.
pub static QUIET: AtomicBool = AtomicBool::new(false);

/// `exited` and `terminated` were sent for this run: by the VM thread when
/// the script ends, or by the server when it gives up on a script that does
/// not end. Whoever swaps it first reports.
pub static ENDED: AtomicBool = AtomicBool::new(false);

/// Whether the caller is the one to send `exited` and `terminated`.
pub fn claim_end() -> bool {
    !ENDED.swap(true, Ordering::SeqCst)
}
