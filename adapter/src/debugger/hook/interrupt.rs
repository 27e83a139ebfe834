//! Reaching a running script from the server thread: `pause`, `terminate`
//! and queued commands while the script runs without hooks.
//!
//! The server cannot call `lua_sethook` on the VM from its own thread: it
//! walks and writes the running thread's call-info list, a data race. It
//! sends a signal to the VM thread instead, and the handler, running on the
//! VM thread between two of its instructions, sets a count hook on the
//! running Lua thread: exactly what `lua.c` does on Ctrl-C, the asynchronous
//! use the Lua manual allows for `lua_sethook`. The next Lua instruction then
//! enters the hook, which services `control::INTERRUPT`.
//!
//! The handler skips its work while the VM thread is inside the debugger
//! (`IN_DEBUGGER`) or changing a mask itself (`MASK_BUSY`); in both cases the
//! VM thread re-checks `INTERRUPT` afterwards, so no request is lost.

use std::os::raw::c_int;
use std::sync::atomic::Ordering;
use std::sync::Once;

use mlua::ffi;

use super::event;
use crate::debugger::control::{CURRENT, INTERRUPT, IN_DEBUGGER, MASK_BUSY};

/// SIGURG: ignored by default, so a stray one is harmless, and not used by
/// the Rust runtime (Go uses it the same way, for preemption).
const SIGNAL: c_int = libc::SIGURG;

/// Installs the handler once per process.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value;
        // the handler only does async-signal-safe work (atomics and
        // `lua_sethook`, which is plain stores, documented as callable
        // asynchronously).
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(c_int) as usize;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(SIGNAL, &action, std::ptr::null_mut());
        }
    });
}

/// Asks the VM thread `thread` to look at `INTERRUPT`.
///
/// The caller guarantees the thread has not exited (see `Link::post`).
pub fn kick(thread: libc::pthread_t) {
    // SAFETY: `thread` is a live thread of this process (caller's contract).
    unsafe {
        libc::pthread_kill(thread, SIGNAL);
    }
}

extern "C" fn on_signal(_: c_int) {
    if IN_DEBUGGER.load(Ordering::SeqCst)
        || MASK_BUSY.load(Ordering::SeqCst)
        || !INTERRUPT.load(Ordering::SeqCst)
    {
        return;
    }
    let l = CURRENT.load(Ordering::SeqCst);
    if l.is_null() {
        return;
    }
    // SAFETY: we run on the VM thread (pthread_kill targets it), between two
    // steps of the VM, like lua.c's SIGINT handler. `CURRENT` is alive: it is
    // the running thread or anchored in the registry (resume_chain.rs). Not inside
    // the VM thread's own `lua_sethook` (MASK_BUSY is false).
    unsafe {
        let mask = ffi::lua_gethookmask(l);
        ffi::lua_sethook(l, Some(event::hook), mask | ffi::LUA_MASKCOUNT, 1);
    }
}
