//! Which Lua threads are running: the resume chain.
//!
//! The main thread resumes a coroutine, which may resume another: the chain
//! lists them, outermost first, the running one last. The stack trace shows
//! the frames of the whole chain; stepping over a `coroutine.yield` needs to
//! know whether the stepping thread is still in it; and the signal handler
//! needs the running thread ([`CURRENT`]).
//!
//! The chain is maintained by the `coroutine.resume`/`wrap` replacements and
//! corrected at every hook (the thread a hook runs on is running, so entries
//! after it are stale: a coroutine whose error unwound through `wrap`).
//!
//! Invariant: [`CURRENT`] always points to a live `lua_State`, because it is
//! the running thread or it is anchored in the registry under [`ANCHOR`]:
//! `make_running` anchors the new thread before publishing it, and no
//! collection step can run between the two, so the previous value is not
//! freed before it stops being published.

use std::cell::{Cell, RefCell};
use std::sync::atomic::Ordering;

use mlua::ffi::{self, lua_State};

use crate::debugger::control::CURRENT;

/// Its address is the registry key (a light userdata) of the anchor.
static ANCHOR: u8 = 0;

thread_local! {
    static CHAIN: RefCell<Vec<*mut lua_State>> = const { RefCell::new(Vec::new()) };
    /// The chain's last entry: hooks ask at every event, and a thread-local
    /// without a destructor is a plain load.
    static LAST: Cell<*mut lua_State> = const { Cell::new(std::ptr::null_mut()) };
}

fn anchor_key() -> *const std::os::raw::c_void {
    &ANCHOR as *const u8 as *const _
}

/// Creates the registry slot, so later updates never allocate.
///
/// # Safety
/// `main` is the VM's main state, on its thread, with a free stack slot.
pub unsafe fn start(main: *mut lua_State) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        ffi::lua_pushthread(main);
        ffi::lua_rawsetp(main, ffi::LUA_REGISTRYINDEX, anchor_key());
        CHAIN.with(|c| {
            let mut c = c.borrow_mut();
            c.clear();
            c.push(main);
        });
        LAST.with(|last| last.set(main));
        CURRENT.store(main, Ordering::SeqCst);
    }
}

/// The script is over: nothing runs.
pub fn stop() {
    CURRENT.store(std::ptr::null_mut(), Ordering::SeqCst);
    CHAIN.with(|c| c.borrow_mut().clear());
    LAST.with(|last| last.set(std::ptr::null_mut()));
}

/// `l` is running (called from a hook or a C function running on `l`).
///
/// # Safety
/// `l` is the running thread, on the VM thread.
pub unsafe fn running(l: *mut lua_State) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        if LAST.with(Cell::get) == l {
            return;
        }
        let changed = CHAIN.with(|c| {
            let mut c = c.borrow_mut();
            if c.last() == Some(&l) {
                return false;
            }
            match c.iter().rposition(|&t| t == l) {
                Some(i) => c.truncate(i + 1),
                None => c.push(l), // resumed by C code through lua_resume
            }
            true
        });
        LAST.with(|last| last.set(l));
        if changed {
            // Without a free slot, `CURRENT` keeps its (anchored) old value: a
            // pause then waits for the next hook.
            if ffi::lua_checkstack(l, 1) != 0 {
                ffi::lua_pushthread(l);
                publish(l, l);
            }
        }
    }
}

/// Whether the chain already ends with `l` (nothing for [`running`] to do).
#[inline]
pub fn is_last(l: *mut lua_State) -> bool {
    LAST.with(Cell::get) == l
}

/// `l` (running) is about to resume the coroutine at `index` of its stack.
///
/// # Safety
/// As for [`running`]; `index` holds the thread `co`.
pub unsafe fn resuming(l: *mut lua_State, index: i32, co: *mut lua_State) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        running(l);
        CHAIN.with(|c| c.borrow_mut().push(co));
        LAST.with(|last| last.set(co));
        if ffi::lua_checkstack(l, 1) != 0 {
            ffi::lua_pushvalue(l, index);
            publish(l, co);
        }
    }
}

/// Anchors the thread on top of `l`'s stack (popping it), then publishes
/// `thread` as [`CURRENT`].
unsafe fn publish(l: *mut lua_State, thread: *mut lua_State) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        // The slot exists since `start`: this set does not allocate, so it
        // cannot raise, and no collection runs before the store below.
        ffi::lua_rawsetp(l, ffi::LUA_REGISTRYINDEX, anchor_key());
        CURRENT.store(thread, Ordering::SeqCst);
    }
}

/// The chain, innermost (running) first.
pub fn innermost_first() -> Vec<*mut lua_State> {
    CHAIN.with(|c| c.borrow().iter().rev().copied().collect())
}

/// Whether `t` is in the chain (running, or waiting for a coroutine it
/// resumed).
pub fn contains(t: *mut lua_State) -> bool {
    CHAIN.with(|c| c.borrow().contains(&t))
}
