//! The hook's shortcut for line events that cannot stop.
//!
//! A function with a breakpoint runs the line hook on every line, and most
//! of its lines have none, or a condition that is false: in a hot loop
//! those events are most of the debugger's cost. The full path
//! ([`super::hook`]) leaves here a record of the function it last looked
//! at, with its breakpoint lines and an integer test (`i < 0`, `id == 42`)
//! whose local's register it has found; the next line events of that
//! function, on that thread, at other lines or where the test is false,
//! return after a few loads.
//!
//! The record is dropped (or no longer matches) whenever what it summarises
//! may change: the breakpoints change (`Debugger::set_breakpoints`), the
//! debugger is entered, a prototype is freed (the allocator's count), or
//! the client steps, pauses, terminates, or new code waits to be looked at
//! (checked at every event).

use std::cell::Cell;
use std::sync::atomic::Ordering;

use mlua::ffi::{lua_Debug, lua_State};
use snapshot::frame::{self, ProtoRef, Scalar};

use super::control::{self, INTERRUPT, IN_DEBUGGER};
use super::fastcond::IntTest;
use super::loaded;
use super::protos::{Condition, FunctionInfo};
use super::state::{self, Step};

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

thread_local! {
    static LAST: Cell<Option<Record>> = const { Cell::new(None) };
}

pub fn forget() {
    LAST.with(|r| r.set(None));
}

/// Remembers that line events of `p` on `l` stop only at the breakpoint
/// lines `info` lists.
///
/// # Safety
/// `p` is the prototype of a running frame.
pub unsafe fn remember(l: *mut lua_State, p: ProtoRef, info: &FunctionInfo) {
    let frees = snapshot::identity::proto_frees();
    let known = LAST.with(Cell::get).is_some_and(|r| {
        r.thread == l as usize && r.proto == p.addr() && r.proto_frees == frees && r.test.is_some()
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
            if let (Some(int), Some(pc)) = (simple.int_test(), register.pc()) {
                if let Some(reg) = register.at(pc) {
                    test = Some(LineTest {
                        line: bp.line,
                        pc,
                        register: reg,
                        test: int,
                    });
                }
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

/// Whether the line event of `ar` on `l` certainly does nothing: the
/// remembered function, not at one of its breakpoint lines, and nothing
/// else asked of the hook.
///
/// # Safety
/// Inside a line hook on the VM thread; `ar` is the record Lua passed.
#[inline]
pub unsafe fn skip(l: *mut lua_State, ar: *mut lua_Debug) -> bool {
    let Some(r) = LAST.with(Cell::get) else {
        return false;
    };
    if r.thread != l as usize {
        return false;
    }
    let line = (*ar).currentline;
    let frame = frame::hooked(ar);
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
    snapshot::identity::proto_frees() == r.proto_frees
        && !INTERRUPT.load(Ordering::SeqCst)
        && !IN_DEBUGGER.load(Ordering::SeqCst)
        && !control::unwinding()
        && !loaded::pending()
        && state::with_active(|d| d.is_some_and(|d| d.enabled && d.step.get() == Step::None))
}
