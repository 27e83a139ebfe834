//! The hook's shortcuts for events that change nothing.
//!
//! Calls: with breakpoints in loaded code, every call runs the call hook,
//! and in call-heavy code (recursion) most calls are of a function without
//! breakpoint lines from another such function, with none below: the full
//! path leaves the (caller, callee) pair of such a call here, and the next
//! call of that pair on that thread returns at once.
//!
//! Lines: a function with a breakpoint runs the line hook on every line, and most
//! of its lines have none, or a condition that is false: in a hot loop
//! those events are most of the debugger's cost. The full path
//! (`event.rs`) leaves here a record of the function it last looked
//! at, with its breakpoint lines and an integer test (`i < 0`, `id == 42`)
//! whose local's register it has found; the next line events of that
//! function, on that thread, at other lines or where the test is false,
//! return after a few loads.
//!
//! The records are dropped (or no longer match) whenever what it summarises
//! may change: the breakpoints change (`hook::set_breakpoints`), the
//! debugger is entered, a prototype is freed (the allocator's count), or
//! the client steps, pauses, terminates, or new code waits to be looked at
//! (checked at every event).

use std::cell::Cell;
use std::sync::atomic::Ordering;

use mlua::ffi::{lua_Debug, lua_State};
use snapshot::frame::{self, ProtoRef, Scalar};

use super::active;
use super::conditions::IntTest;
use super::protos::{Condition, ProtoInfo};
use super::{loaded, resume_chain};
use crate::debugger::control::{self, INTERRUPT, IN_DEBUGGER};
use crate::debugger::state::Step;

/// Breakpoint lines a record holds; functions with more take the full path.
const LINES: usize = 4;

#[derive(Clone, Copy)]
struct Record {
    thread: usize,
    proto: usize,
    proto_frees: u64,
    lines: [i32; LINES],
    /// A breakpoint line whose condition is an integer test on a local,
    /// found false there last time.
    test: Option<LineTest>,
}

#[derive(Clone, Copy)]
struct LineTest {
    line: i32,
    /// The instruction of the line event and the local's register there.
    pc: i32,
    register: u8,
    test: IntTest,
}

/// A call that changed nothing: no breakpoint lines in the callee, the
/// caller, or below them.
#[derive(Clone, Copy, PartialEq)]
struct Call {
    thread: usize,
    caller: usize,
    callee: usize,
    proto_frees: u64,
}

thread_local! {
    static LAST: Cell<Option<Record>> = const { Cell::new(None) };
    static CALL: Cell<Option<Call>> = const { Cell::new(None) };
}

pub fn forget() {
    LAST.with(|r| r.set(None));
    CALL.with(|c| c.set(None));
}

/// Remembers that a call of `callee` from `caller` on `l` found no
/// breakpoint lines in either, nor below.
pub fn remember_call(l: *mut lua_State, caller: ProtoRef, callee: ProtoRef) {
    let call = Call {
        thread: l as usize,
        caller: caller.addr(),
        callee: callee.addr(),
        proto_frees: snapshot::identity::proto_frees(),
    };
    CALL.with(|c| c.set(Some(call)));
}

/// Whether the call event of `ar` on `l` is the remembered call.
///
/// # Safety
/// Inside a call hook on the VM thread; `ar` is the record Lua passed.
#[inline]
pub unsafe fn skip_call(l: *mut lua_State, ar: *mut lua_Debug) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let Some(c) = CALL.with(Cell::get) else {
            return false;
        };
        let callee = frame::hooked(l as *const std::os::raw::c_void, ar);
        let same = c.thread == l as usize
            && callee.proto().is_some_and(|p| p.addr() == c.callee)
            && callee
                .caller()
                .and_then(|f| f.proto())
                .is_some_and(|p| p.addr() == c.caller);
        same && snapshot::identity::proto_frees() == c.proto_frees && nothing_asked(l)
    }
}

/// Nothing but breakpoints concerns the hook: no pause, no step, no
/// termination, no new code to look at, not inside the debugger, and the
/// resume chain already ends with `l` (the full path would correct it).
#[inline]
fn nothing_asked(l: *mut lua_State) -> bool {
    resume_chain::is_last(l)
        && !INTERRUPT.load(Ordering::SeqCst)
        && !IN_DEBUGGER.load(Ordering::SeqCst)
        && !control::unwinding()
        && !loaded::pending()
        && active::with_active(|d| d.is_some_and(|d| d.enabled && d.step.get() == Step::None))
}

/// Remembers that line events of `p` on `l` stop only at the breakpoint
/// lines `info` lists.
///
/// # Safety
/// `p` is the prototype of a running frame.
pub unsafe fn remember(l: *mut lua_State, p: ProtoRef, info: &ProtoInfo) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let frees = snapshot::identity::proto_frees();
        let known = LAST.with(Cell::get).is_some_and(|r| {
            r.thread == l as usize
                && r.proto == p.addr()
                && r.proto_frees == frees
                && r.test.is_some()
        });
        if known {
            return;
        }
        let (first, last) = p.lines();
        let mut lines = [-1; LINES];
        let mut test = None;
        // A main chunk (0, 0) reports lines anywhere in the file.
        let reported = |line: i32| (first == 0 && last == 0) || (first..=last).contains(&line);
        for (n, bp) in info.bps.iter().filter(|bp| reported(bp.line)).enumerate() {
            if n == LINES {
                return forget();
            }
            lines[n] = bp.line;
            if let Condition::Simple(simple, register) = &bp.condition {
                if let (Some(int), Some((pc, reg))) = (simple.int_test(), register.found()) {
                    test = Some(LineTest {
                        line: bp.line,
                        pc,
                        register: reg,
                        test: int,
                    });
                }
            }
        }
        let record = Record {
            thread: l as usize,
            proto: p.addr(),
            proto_frees: frees,
            lines,
            test,
        };
        LAST.with(|r| r.set(Some(record)));
    }
}

/// Whether the line event of `ar` on `l` certainly does nothing: the
/// remembered function, not at one of its breakpoint lines, and nothing
/// else asked of the hook.
///
/// # Safety
/// Inside a line hook on the VM thread; `ar` is the record Lua passed.
#[inline]
pub unsafe fn skip(l: *mut lua_State, ar: *mut lua_Debug) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let Some(r) = LAST.with(Cell::get) else {
            return false;
        };
        if r.thread != l as usize {
            return false;
        }
        let line = (*ar).currentline;
        let frame = frame::hooked(l as *const std::os::raw::c_void, ar);
        let Some(p) = frame.proto().filter(|p| p.addr() == r.proto) else {
            return false;
        };
        if r.lines.contains(&line) {
            // A breakpoint line: only an integer test known to be false here.
            let Some(t) = r.test.filter(|t| t.line == line && frame.pc(p) == t.pc) else {
                return false;
            };
            match frame.register(t.register) {
                Scalar::Int(v) if !t.test.op.holds(v.cmp(&t.test.literal)) => {}
                _ => return false,
            }
        }
        snapshot::identity::proto_frees() == r.proto_frees && nothing_asked(l)
    }
}
