//! The hook: the debugger's hot path, run at Lua events (calls, returns,
//! lines, the count hook of an interrupt) while the script runs.
//!
//! Cost model: no hook at all without breakpoints and stepping, or while no
//! code of a file with breakpoints is loaded (`loaded.rs`); with such code,
//! a call hook decides per function whether it can hit one (`calls.rs`,
//! from a cache keyed by prototype, `protos.rs`), and only such functions
//! run with the line hook; events that change nothing return early
//! (`shortcuts.rs`); simple conditions are decided without Lua
//! (`conditions.rs`); while stepping, every line (`step.rs`). Masks are
//! computed in one place (`mask.rs`) and set on a thread only here, on the
//! VM thread: by the hook (`event.rs`), by the `coroutine` replacements for
//! the thread being resumed (`replacements.rs`), and by the signal handler,
//! which only adds a count hook (`interrupt.rs`). A script's own
//! `debug.sethook` is chained with the debugger's hook on its thread
//! (`user.rs`): the thread then runs the union of both masks.
//!
//! This file is the hook's surface: the rest of the debugger starts and
//! stops it, tells it that breakpoints changed or a step was asked for, and
//! reads the running coroutines; the caches and shortcuts stay private.

mod active;
mod calls;
mod conditions;
mod event;
mod guard;
pub mod interrupt;
mod jit;
mod loaded;
mod mask;
pub mod oom;
#[cfg(feature = "lua51")]
mod pcall_lua51;
#[cfg(feature = "luajit")]
mod pcall_luajit;
mod protos;
mod replacements;
mod restart;
mod resume_chain;
mod shortcuts;
mod step;
mod user;

use std::os::raw::c_void;
use std::sync::atomic::Ordering;

use mlua::{ffi, Lua, MultiValue};
use snapshot::identity::ProtoObserver;

use super::breakpoints::BpSpec;
use super::control::CURRENT;
use super::state::Debugger;

pub use active::{activate, active, refs, Refs};
pub use event::{refresh, unwind_sentinel, ENTER_BREAKPOINT, ENTER_INTERRUPT, ENTER_STEP};
pub use guard::call as call_guarded;
#[cfg(feature = "luajit")]
pub use pcall_luajit::pcall_pointer;
#[cfg(not(feature = "luajit"))]
pub use replacements::pcall_pointer;
pub use restart::{forget as forget_restart, plan as plan_restart, Plan as RestartPlan};
pub use resume_chain::innermost_first as running_threads;
pub use step::depth;

/// Before the VM compiles any code: forget what an earlier VM on this thread
/// left, and with `watch` follow every new prototype (no hook runs before
/// code of a file with breakpoints exists). Not under `noDebug`, where no
/// hook would ever look at them.
pub fn watch_code(watch: bool) {
    shortcuts::forget();
    if watch && jit::SEES_NEW_PROTOS {
        loaded::start(OBSERVER);
    } else if watch {
        loaded::start_late(OBSERVER);
    }
}

const OBSERVER: ProtoObserver = ProtoObserver {
    created: proto_created,
    freed: proto_freed,
};

/// [`watch_code`] for a VM that already ran code (an attached host).
pub fn watch_code_late() {
    shortcuts::forget();
    loaded::start_late(OBSERVER);
}

/// Puts the debugger's `pcall`, `xpcall`, `coroutine.resume`/`wrap`,
/// `os.exit` and `debug.sethook`/`gethook` in `lua`'s globals and starts the
/// resume chain at the main thread; returns the objects among them (they
/// belong to the tool).
pub fn install(lua: &Lua) -> mlua::Result<Vec<mlua::Value>> {
    let own = install_replacements(lua, true)?;
    // SAFETY: on the VM thread, outside any callback: `state` is the main
    // thread with free stack slots.
    unsafe {
        lua.exec_raw::<()>((), |state| {
            resume_chain::start(state);
            jit::watch_compiled(state);
        })?
    };
    Ok(own)
}

/// [`install`] into an attached host, from a C function running on its
/// main thread `main` (`os.exit` stays the host's).
///
/// # Safety
/// `main` is the host's main thread and the running one, on its thread.
pub unsafe fn install_in_host(
    lua: &Lua,
    main: *mut ffi::lua_State,
) -> mlua::Result<Vec<mlua::Value>> {
    let own = install_replacements(lua, false)?;
    // SAFETY: the caller's contract; `start` needs one free slot.
    unsafe {
        if ffi::lua_checkstack(main, 2) == 0 {
            return Err(mlua::Error::runtime("no stack space left to attach"));
        }
        resume_chain::start(main);
        jit::watch_compiled(main);
    }
    Ok(own)
}

/// The attached client left: the hook serves no debugger, no coroutine is
/// followed, no prototype watched. The entry function stays (`refs`): an
/// idle host serves its queue through it.
pub fn remove_from_host() {
    jit::unwatch_compiled();
    resume_chain::stop();
    loaded::stop();
    user::forget();
    let refs = active::refs();
    activate(None, refs);
}

fn install_replacements(lua: &Lua, exit: bool) -> mlua::Result<Vec<mlua::Value>> {
    let mut own: Vec<mlua::Value> = replacements::install(lua, exit)?
        .into_iter()
        .map(mlua::Value::Function)
        .collect();
    own.extend(user::install(lua)?.map(mlua::Value::Table));
    Ok(own)
}

/// Runs the main chunk under the debugger: `values` are the message
/// handler, the chunk and its arguments; returns the handler, the error if
/// any, and the status of `lua_pcall`. No thread runs and no hook is set
/// afterwards.
pub fn run_main(lua: &Lua, values: MultiValue) -> mlua::Result<MultiValue> {
    // SAFETY: on the VM thread, outside any callback, `state` is the main
    // thread. The handler and chunk are at 1 and 2; `lua_pcall` is protected
    // and leaves the handler, the error (if any), then we push the status.
    unsafe {
        lua.exec_raw::<MultiValue>(values, |state| {
            event::prepare_resume(state);
            let nargs = ffi::lua_gettop(state) - 2;
            let status = ffi::lua_pcall(state, nargs, 0, 1);
            resume_chain::stop();
            event::clear(state);
            ffi::lua_pushinteger(state, ffi::lua_Integer::from(status));
        })
    }
}

/// After the queue was served outside a hook (`lsnapshot.poll`): what is
/// still pending (a pause) waits for the next Lua instruction of the
/// running thread.
pub fn arm_pending_interrupt() {
    use crate::debugger::control::{INTERRUPT, PAUSE};
    if !INTERRUPT.load(Ordering::SeqCst) && !PAUSE.load(Ordering::SeqCst) {
        return;
    }
    INTERRUPT.store(true, Ordering::SeqCst);
    let running = CURRENT.load(Ordering::SeqCst);
    if !running.is_null() {
        // SAFETY: `CURRENT` is a live thread of this VM (resume_chain.rs);
        // we are on the VM thread, outside any hook.
        unsafe { event::arm_count(running) };
    }
}

/// The script is over (the VM may still run finalizers): no thread runs.
pub fn script_done() {
    jit::unwatch_compiled();
    resume_chain::stop();
}

/// The VM is going away: stop watching prototypes, forget the debugger.
pub fn stop() {
    resume_chain::stop();
    loaded::stop();
    user::forget();
    activate(
        None,
        Refs {
            entry: 0,
            caught: 0,
        },
    );
}

/// Replaces the breakpoints of `file`: what the hook knew of functions is
/// stale (the prototype cache, the shortcuts, which files can be hit).
pub fn set_breakpoints(dbg: &Debugger, file: String, specs: Vec<BpSpec>) {
    let mut bps = dbg.breakpoints.borrow_mut();
    bps.set(file, specs);
    loaded::breakpoints_changed(&bps);
    active::with_active(|hooked| {
        if let Some(hooked) = hooked {
            hooked.protos.borrow_mut().clear();
        }
    });
    shortcuts::forget();
}

/// Replaces the resolved function breakpoints (see
/// `Breakpoints::set_entries`); stale knowledge goes as for line
/// breakpoints.
pub fn set_entries(dbg: &Debugger, resolved: Vec<(String, i64, i64, BpSpec)>) {
    let mut bps = dbg.breakpoints.borrow_mut();
    bps.set_entries(resolved);
    loaded::breakpoints_changed(&bps);
    active::with_active(|hooked| {
        if let Some(hooked) = hooked {
            hooked.protos.borrow_mut().clear();
        }
    });
    shortcuts::forget();
}

/// A prototype was allocated (inside the allocator: no Lua calls): arm the
/// call hook so that the next call looks at it.
fn proto_created(p: *mut c_void) {
    loaded::created(p);
    let running = CURRENT.load(Ordering::SeqCst);
    if !running.is_null() {
        // SAFETY: `CURRENT` is a live thread of this VM (resume_chain.rs),
        // and `lua_sethook` only stores fields: it is safe anywhere, even in
        // the allocator (Lua's own signal handler calls it).
        unsafe { event::arm(running) };
    }
}

/// A block of a prototype's size was freed (inside the allocator).
fn proto_freed(p: *mut c_void) {
    if loaded::freed(p) {
        // The shortcuts would keep a hook running that has nothing left to
        // do.
        shortcuts::forget();
    }
}
