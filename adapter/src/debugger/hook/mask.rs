//! The one place that computes hook masks: what every running thread needs
//! ([`base_mask`]), and what a function needs on top of it ([`mask_for`]).
//! Setting them on a thread is `event.rs`'s job.

use std::os::raw::c_int;

use mlua::ffi;

use super::loaded;
use crate::debugger::state::{Debugger, Step};

/// The hook mask every running thread needs, before the per-function
/// line decision: nothing without breakpoints or stepping or while no
/// code of a file with breakpoints is loaded (`loaded.rs`), a
/// call/return hook with breakpoints, every line while stepping.
pub fn base_mask(dbg: &Debugger) -> c_int {
    if !dbg.enabled {
        return 0;
    }
    match dbg.step.get() {
        Step::None if dbg.breakpoints.borrow().is_empty() => 0,
        // Only functions of files with breakpoints can hit one.
        Step::None if loaded::hittable() => ffi::LUA_MASKCALL | ffi::LUA_MASKRET,
        // A hook must look at new code.
        Step::None if loaded::pending() => ffi::LUA_MASKCALL,
        Step::None => 0,
        _ => ffi::LUA_MASKCALL | ffi::LUA_MASKRET | ffi::LUA_MASKLINE,
    }
}

/// Whether `mask` (a base mask) leaves the line hook to be decided per
/// function.
pub fn needs_line(dbg: &Debugger, mask: c_int) -> bool {
    mask != 0 && mask & ffi::LUA_MASKLINE == 0 && dbg.enabled
}

/// The mask for running a function that owns breakpoint lines (`lines`)
/// or not, above frames described by `below`: the line hook only for the
/// former, the return hook while returning can reach one of them.
pub fn mask_for(lines: bool, below: Below) -> c_int {
    let mut mask = ffi::LUA_MASKCALL;
    if lines {
        mask |= ffi::LUA_MASKLINE | ffi::LUA_MASKRET;
    }
    if below != Below::None {
        mask |= ffi::LUA_MASKRET;
    }
    mask
}

/// Whether frames below the running one (on one thread) own breakpoint
/// lines: while one does, the return hook must run, to turn the line hook
/// back on when control returns to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Below {
    /// Not known (another thread ran, the debugger was entered): assume
    /// there may be.
    Unknown,
    None,
    /// The nearest such frame, by stack slot (`Frame::slot`).
    At(usize),
}

/// [`Below`] for one thread.
#[derive(Debug, Clone, Copy)]
pub struct BelowMemo {
    pub thread: *mut std::os::raw::c_void,
    pub below: Below,
}

impl Default for BelowMemo {
    fn default() -> Self {
        BelowMemo {
            thread: std::ptr::null_mut(),
            below: Below::Unknown,
        }
    }
}
