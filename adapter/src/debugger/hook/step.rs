//! Stepping: whether a line event ends the step the client asked for, and
//! the stack depths `next` and `stepOut` compare.

use mlua::ffi::lua_State;

use super::resume_chain;
use crate::debugger::frame_access::level_count;
use crate::debugger::state::{Debugger, Step};

/// Whether the step the client asked for ends at this line event.
pub unsafe fn step_done(l: *mut lua_State, dbg: &Debugger) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        match dbg.step.get() {
            Step::None => false,
            Step::Entry | Step::In => true,
            Step::Over { thread, depth } if thread == l => level_count(l) <= depth,
            Step::Out { thread, depth } if thread == l => level_count(l) < depth,
            // Another thread runs: the stepping one yielded or ended, unless it
            // resumed this one.
            Step::Over { thread, .. } | Step::Out { thread, .. } => !resume_chain::contains(thread),
        }
    }
}

/// The depth `Step::Over`/`Out` compare with, for the frame at `level` of
/// `l`: the number of frames from it to the bottom of the stack.
///
/// # Safety
/// As for [`refresh`].
pub unsafe fn depth(l: *mut lua_State, level: usize) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { level_count(l).saturating_sub(level) }
}
