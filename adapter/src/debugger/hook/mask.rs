//! The one place that computes hook masks: what every running thread needs
//! ([`base_mask`]), what a function needs on top of it ([`mask_for`]), and
//! the union with a script's own hook ([`union`], `debug.sethook`'s letters).
//! Setting them on a thread is `event.rs`'s job (and `user.rs`'s, for a
//! thread the script hooks too).

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
    /// The nearest such frame, by stack slot (`CallFrame::slot`).
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

/// The mask and count of a thread both the debugger (`debugger`) and the
/// script (`script`, from `debug.sethook`) hook: every event either asked
/// for; the debugger's count when it counts (every instruction: an
/// interrupt or unwinding, the script's count events are then counted
/// down in `user.rs`), else the script's.
pub fn union(debugger: (c_int, c_int), script: (c_int, c_int)) -> (c_int, c_int) {
    let mask = debugger.0 | script.0;
    let count = if debugger.0 & ffi::LUA_MASKCOUNT != 0 {
        debugger.1
    } else if script.0 & ffi::LUA_MASKCOUNT != 0 {
        script.1
    } else {
        0
    };
    (mask, count)
}

/// The mask bit of a hook event (a tail call is a call).
pub fn event_bit(event: c_int) -> c_int {
    match event {
        ffi::LUA_HOOKCALL | ffi::LUA_HOOKTAILCALL => ffi::LUA_MASKCALL,
        ffi::LUA_HOOKRET => ffi::LUA_MASKRET,
        ffi::LUA_HOOKLINE => ffi::LUA_MASKLINE,
        _ => ffi::LUA_MASKCOUNT,
    }
}

/// The mask of `debug.sethook`'s letters and count (ldblib.c `makemask`).
pub fn from_letters(letters: &[u8], count: c_int) -> c_int {
    let mut mask = 0;
    for (letter, bit) in [
        (b'c', ffi::LUA_MASKCALL),
        (b'r', ffi::LUA_MASKRET),
        (b'l', ffi::LUA_MASKLINE),
    ] {
        if letters.contains(&letter) {
            mask |= bit;
        }
    }
    if count > 0 {
        mask |= ffi::LUA_MASKCOUNT;
    }
    mask
}

/// The letters `debug.gethook` gives for a mask (ldblib.c `unmakemask`).
pub fn letters(mask: c_int) -> String {
    [
        ('c', ffi::LUA_MASKCALL),
        ('r', ffi::LUA_MASKRET),
        ('l', ffi::LUA_MASKLINE),
    ]
    .iter()
    .filter(|(_, bit)| mask & bit != 0)
    .map(|(c, _)| *c)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_masks_round_trip_and_unite_with_the_debuggers() {
        let m = from_letters(b"lc", 0);
        assert_eq!(letters(m), "cl");
        assert_eq!(from_letters(b"", 100), ffi::LUA_MASKCOUNT);
        let interrupt = (ffi::LUA_MASKCALL | ffi::LUA_MASKCOUNT, 1);
        assert_eq!(
            union(interrupt, (ffi::LUA_MASKCOUNT, 100)),
            (ffi::LUA_MASKCALL | ffi::LUA_MASKCOUNT, 1)
        );
        assert_eq!(
            union((ffi::LUA_MASKCALL, 0), (ffi::LUA_MASKCOUNT, 100)),
            (ffi::LUA_MASKCALL | ffi::LUA_MASKCOUNT, 100)
        );
        assert_eq!(
            union((0, 0), (ffi::LUA_MASKLINE, 0)),
            (ffi::LUA_MASKLINE, 0)
        );
    }
}
