//! The debug hook: one Lua event in, a decision and the thread's next mask
//! out.
//!
//! Masks are set on a thread here, for the thread a hook runs on (the cost
//! model is in `mod.rs`); the `coroutine` replacements set them for the
//! thread being resumed (`replacements.rs`), and the signal handler only adds
//! a count hook (`interrupt.rs`).
//!
//! The hook decides by reading frames and prototypes, and with C API calls
//! that cannot raise (`lua_sethook`, `lua_gethookmask`). Anything heavier
//! (conditions, stopping) runs in the debugger's entry function, an mlua
//! function called with `lua_pcall`, so errors stay inside it. The hook
//! raises only to unwind the script (terminate, `os.exit`), after every Rust
//! value of its frame is gone.

use std::os::raw::{c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;

use mlua::ffi::{self, lua_Debug, lua_State};
use snapshot::frame;

use super::active::{self, Hooked};
use super::calls::{below, lines_proto, on_call, on_return, owns_lines, set_below, with_info};
use super::mask::{base_mask, mask_for, needs_line, Below};
use super::protos::Condition;
use super::step::step_done;
use super::{conditions, loaded, resume_chain, shortcuts, user};
use crate::debugger::control::{self, INTERRUPT, IN_DEBUGGER, MASK_BUSY};
use crate::debugger::loaded_sources;
use crate::debugger::state::Step;

/// Kinds of entry into the debugger (bit flags, passed to the entry
/// function).
pub const ENTER_INTERRUPT: i64 = 1;
pub const ENTER_BREAKPOINT: i64 = 2;
pub const ENTER_STEP: i64 = 4;

/// The error value that unwinds a terminated or exiting script; its address
/// identifies it.
static UNWIND: u8 = 0;

pub fn unwind_sentinel() -> *mut std::os::raw::c_void {
    &UNWIND as *const u8 as *mut _
}

#[derive(Clone, Copy)]
enum Action {
    Continue,
    Enter(i64),
    Unwind,
    /// Out of memory under the limit (`oom.rs`).
    OutOfMemory,
}

/// The hook of every Lua thread the debugger watches.
///
/// # Safety
/// Called by Lua with a valid state and activation record.
pub unsafe extern "C-unwind" fn hook(l: *mut lua_State, ar: *mut lua_Debug) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let done = match (*ar).event {
            ffi::LUA_HOOKLINE => super::jit::repeated_line(l, ar) || shortcuts::skip(l, ar),
            ffi::LUA_HOOKCALL => {
                super::jit::entered(l, ar);
                shortcuts::skip_call(l, ar)
            }
            _ => false,
        };
        if done {
            return;
        }
        full_hook(l, ar);
    }
}

/// Everything but the shortcut: out of line, so that the shortcut's path
/// does not pay for this one's stack frame.
#[inline(never)]
unsafe fn full_hook(l: *mut lua_State, ar: *mut lua_Debug) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        // A panic must not cross into C; a panicking decision means "go on".
        let action = catch_unwind(AssertUnwindSafe(|| {
            active::with_active(|dbg| match dbg {
                Some(dbg) => decide(l, ar, dbg),
                // An attach mode's host with no client yet: its entry
                // function serves the queue (an `attach`) on this thread.
                None if INTERRUPT.load(Ordering::SeqCst) && active::refs().entry != 0 => {
                    Action::Enter(ENTER_INTERRUPT)
                }
                None => {
                    apply(l, 0, 0);
                    Action::Continue
                }
            })
        }))
        .unwrap_or(Action::Continue);
        let unwind = match action {
            Action::Continue => false,
            Action::Unwind => true,
            Action::Enter(kind) => enter(l, kind),
            Action::OutOfMemory => super::oom::raise(l),
        };
        if unwind {
            raise_unwind(l);
        }
    }
}

/// Raises the unwinding error on `l`.
///
/// # Safety
/// Only from a C function or hook frame with no live Rust value that needs
/// dropping: `lua_error` longjmps over the caller's frame.
pub unsafe fn raise_unwind(l: *mut lua_State) -> ! {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        ffi::lua_pushlightuserdata(l, unwind_sentinel());
        ffi::lua_error(l);
    }
}

unsafe fn decide(l: *mut lua_State, ar: *mut lua_Debug, dbg: &Hooked) -> Action {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        if IN_DEBUGGER.load(Ordering::SeqCst) {
            // A coroutine resumed by an evaluation while stopped.
            return Action::Continue;
        }
        if control::unwinding() {
            set_mask(l, 0);
            return Action::Unwind;
        }
        resume_chain::running(l);
        if super::oom::pending() {
            refresh_with(l, dbg, 0); // the count hook armed for it is spent
            return Action::OutOfMemory;
        }
        if loaded::pending() {
            if loaded::settle(&mut dbg.breakpoints.borrow_mut()) {
                // Hooks did not run while no code could hit a breakpoint.
                set_below(dbg, l, Below::Unknown);
            }
            loaded_sources::announce(dbg, loaded::take_new_chunks());
        }
        let mut enter = 0;
        if INTERRUPT.load(Ordering::SeqCst) {
            enter |= ENTER_INTERRUPT;
        }
        match (*ar).event {
            event @ (ffi::LUA_HOOKCALL | ffi::LUA_HOOKTAILCALL | ffi::LUA_HOOKRET) => {
                let base = base_mask(dbg);
                let call = event != ffi::LUA_HOOKRET;
                let (mask, entry) = if !needs_line(dbg, base) {
                    // Stepping: every event is hooked; look the callee up.
                    (base, if call { entry_of(l, ar, dbg) } else { None })
                } else if !call {
                    (
                        on_return(l, dbg, frame::hooked(l as *const c_void, ar)),
                        None,
                    )
                } else {
                    on_call(
                        l,
                        dbg,
                        frame::hooked(l as *const c_void, ar),
                        event == ffi::LUA_HOOKTAILCALL,
                    )
                };
                set_mask(l, mask);
                if let (Some(id), true) = (entry, dbg.enabled) {
                    // Judged by the entry function (`stop.rs`).
                    dbg.entry_hit.set(Some(id));
                    enter |= ENTER_BREAKPOINT;
                }
            }
            ffi::LUA_HOOKLINE if dbg.enabled => {
                if at_breakpoint(l, ar, dbg) {
                    enter |= ENTER_BREAKPOINT;
                }
                if dbg.step.get() != Step::None && step_done(l, dbg) {
                    enter |= ENTER_STEP;
                }
            }
            ffi::LUA_HOOKCOUNT if enter == 0 => refresh_with(l, dbg, 0), // stale count hook
            _ => {}
        }
        if enter != 0 {
            Action::Enter(enter)
        } else {
            Action::Continue
        }
    }
}

/// Whether the line event of `ar` stops at a breakpoint (a hit to count):
/// the line has one and its condition is not decided false here. Turns the
/// line hook off if the function owns no breakpoint line (an error unwound
/// to it from one that did).
unsafe fn at_breakpoint(l: *mut lua_State, ar: *mut lua_Debug, dbg: &Hooked) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let frame = frame::hooked(l as *const c_void, ar);
        let Some(p) = frame.proto() else {
            return false;
        };
        let line = (*ar).currentline;
        let (lines, hit) = with_info(dbg, p, |info| {
            let hit = match (info.file, info.bp_at(line)) {
                (Some(file), Some(bp)) => {
                    let holds = match &bp.condition {
                        Condition::Simple(simple, register) => {
                            conditions::decide(frame, p, simple, register) != Some(false)
                        }
                        Condition::None | Condition::Lua => true,
                    };
                    holds.then_some(file)
                }
                _ => None,
            };
            if info.lines && hit.is_none() {
                shortcuts::remember(l, p, info);
            }
            (info.lines, hit)
        });
        if !lines && needs_line(dbg, base_mask(dbg)) {
            set_mask(l, mask_for(false, below(dbg, l)));
        }
        let Some(file) = hit else {
            return false;
        };
        let path = dbg.breakpoints.borrow().path(file).to_owned();
        *dbg.hit.borrow_mut() = Some((path, i64::from(line)));
        true
    }
}

/// The function breakpoint on the function the call event of `ar` calls.
/// Its parameters are already visible there: Lua reports the call with the
/// first instruction as the current one.
unsafe fn entry_of(l: *mut lua_State, ar: *mut lua_Debug, dbg: &Hooked) -> Option<i64> {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        if !dbg.breakpoints.borrow().has_entries() {
            return None;
        }
        let p = frame::hooked(l as *const c_void, ar).proto()?;
        with_info(dbg, p, |info| info.entry)
    }
}

/// Calls the debugger's entry function on `l`; returns whether to unwind.
///
/// `l`'s hook is off during the call: a function returning to a Lua frame
/// while a hook mask is set moves `L->oldpc` (ldo.c, `rethook`), and a count
/// hook followed by a line check in the same `luaG_traceexec` would then
/// report the current line again. With the mask at 0 nothing is moved; the
/// mask is set again after the call, before the hooked code goes on.
unsafe fn enter(l: *mut lua_State, kind: i64) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        shortcuts::forget();
        let refs = active::refs();
        IN_DEBUGGER.store(true, Ordering::SeqCst);
        clear(l);
        let top = ffi::lua_gettop(l);
        // Hooks get LUA_MINSTACK free slots; we use two. Neither push allocates.
        ffi::lua_rawgeti(
            l,
            ffi::LUA_REGISTRYINDEX,
            ffi::lua_Integer::from(refs.entry),
        );
        ffi::lua_pushinteger(l, kind);
        let status = ffi::lua_pcall(l, 1, 1, 0);
        let unwind = status == ffi::LUA_OK && ffi::lua_toboolean(l, -1) != 0;
        ffi::lua_settop(l, top);
        IN_DEBUGGER.store(false, Ordering::SeqCst);
        refresh(l, 0);
        unwind || control::unwinding()
    }
}

/// Sets the mask of `l` for running the function at `level` of its stack.
///
/// # Safety
/// On the VM thread; `l` is a live thread of the VM.
pub unsafe fn refresh(l: *mut lua_State, level: c_int) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        if let Some(dbg) = active::hooked() {
            refresh_with(l, &dbg, level);
        }
    }
}

unsafe fn refresh_with(l: *mut lua_State, dbg: &Hooked, level: c_int) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let mut mask = base_mask(dbg);
        if needs_line(dbg, mask) {
            let mut frame = Some(frame::running(l as *const c_void));
            for _ in 0..level {
                frame = frame.and_then(|f| f.caller());
            }
            if frame
                .and_then(|f| lines_proto(f))
                .is_some_and(|p| owns_lines(dbg, p))
            {
                mask |= ffi::LUA_MASKLINE;
            }
            // The frames below are not looked at: the return hook stays on
            // until a return finds out.
            set_below(dbg, l, Below::Unknown);
        }
        set_mask(l, mask);
    }
}

/// Sets the mask of a thread about to be resumed: the call/return hook is
/// enough, since resuming fires the return hook of `yield` (or the call hook
/// of the body), which decides about lines.
///
/// # Safety
/// As for [`refresh`].
pub unsafe fn prepare_resume(co: *mut lua_State) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        if IN_DEBUGGER.load(Ordering::SeqCst) && super::guard::evaluating() {
            // Resumed by the client's code: as interruptible as that code.
            super::guard::watch(co);
            return;
        }
        let mask = active::with_active(|dbg| match dbg {
            Some(dbg) if !IN_DEBUGGER.load(Ordering::SeqCst) => base_mask(dbg),
            _ => 0,
        });
        set_mask(co, mask);
    }
}

/// Sets `l`'s hook to `mask`, adding the count hook the server may be
/// waiting for (`INTERRUPT`) or that unwinding needs.
///
/// The signal handler skips its work while `MASK_BUSY`, so after the change
/// `INTERRUPT` is read again: a signal that arrived meanwhile is honoured
/// here. A signal after that finds `MASK_BUSY` false and acts itself.
///
/// # Safety
/// On the VM thread; `l` is a live thread of the VM.
pub unsafe fn set_mask(l: *mut lua_State, mask: c_int) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let (mut mask, mut count) = (mask, 0);
        if control::unwinding() {
            mask |= ffi::LUA_MASKCALL | ffi::LUA_MASKCOUNT;
            count = 1;
        } else if INTERRUPT.load(Ordering::SeqCst) {
            mask |= ffi::LUA_MASKCOUNT;
            count = 1;
        }
        apply(l, mask, count);
        if mask & ffi::LUA_MASKCOUNT == 0 && INTERRUPT.load(Ordering::SeqCst) {
            apply(l, mask | ffi::LUA_MASKCOUNT, 1);
        }
    }
}

/// Turns the call hook on for `l`, the running thread, so that the next
/// call looks at new code (`loaded.rs`). Called from the VM's allocator:
/// stores fields only, calls no Lua.
///
/// # Safety
/// `l` is a live thread of the VM, on the VM thread.
pub unsafe fn arm(l: *mut lua_State) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let enabled = active::with_active(|dbg| dbg.is_some_and(|d| d.enabled));
        // Inside the debugger the hook stays off; the mask is set again, from
        // `base_mask`, when it returns.
        if !enabled || IN_DEBUGGER.load(Ordering::SeqCst) {
            return;
        }
        // The debugger's own mask, without the script's hook (user.rs).
        let mask = user::debugger_mask(l).unwrap_or_else(|| ffi::lua_gethookmask(l));
        if mask & ffi::LUA_MASKCALL == 0 {
            set_mask(l, mask | ffi::LUA_MASKCALL);
        }
    }
}

/// Adds a count hook of one instruction to `l`'s mask: the next
/// instruction enters the hook. Stores fields only (called from the
/// allocator).
///
/// # Safety
/// `l` is a live thread of the VM, on the VM thread.
pub unsafe fn arm_count(l: *mut lua_State) {
    // SAFETY: the caller's contract.
    unsafe {
        let mask = ffi::lua_gethookmask(l);
        apply(l, mask | ffi::LUA_MASKCOUNT, 1);
    }
}

/// Removes `l`'s hook whatever is pending (the script is over).
///
/// # Safety
/// As for [`set_mask`].
pub unsafe fn clear(l: *mut lua_State) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        MASK_BUSY.store(true, Ordering::SeqCst);
        let memo = frame::hook_line_memo(l as *const c_void);
        ffi::lua_sethook(l, None, 0, 0);
        frame::restore_line_memo(l as *mut c_void, memo);
        MASK_BUSY.store(false, Ordering::SeqCst);
    }
}

unsafe fn apply(l: *mut lua_State, mask: c_int, count: c_int) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        super::jit::follow(l, mask);
        if user::any() && user::apply(l, mask, count) {
            return; // the script hooks `l` too
        }
        let same_count = mask & ffi::LUA_MASKCOUNT == 0 || ffi::lua_gethookcount(l) == count;
        if ffi::lua_gethookmask(l) == mask && same_count {
            return; // `lua_sethook` walks the call-info list: skip when possible
        }
        MASK_BUSY.store(true, Ordering::SeqCst);
        // Lua 5.3's `lua_sethook` moves the line memo (see there).
        let memo = frame::hook_line_memo(l as *const c_void);
        if mask == 0 {
            ffi::lua_sethook(l, None, 0, 0);
        } else {
            ffi::lua_sethook(l, Some(hook), mask, count);
        }
        frame::restore_line_memo(l as *mut c_void, memo);
        MASK_BUSY.store(false, Ordering::SeqCst);
    }
}
