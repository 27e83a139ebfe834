//! The debugger's state on the VM thread, reachable from hooks and from the
//! C functions the debugger installs.

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::mpsc::Receiver;

use mlua::ffi::{self, lua_State};

use super::breakpoints::Breakpoints;
use super::frames::StopContext;
use super::loaded;
use super::sources::SourceStore;
use super::Command;
use crate::dap::client::Client;
use crate::runtime::tool::Tool;
use crate::snapshots::store::SnapshotStore;

/// What the client asked for with `next`, `stepIn`, `stepOut`, or
/// `stopOnEntry`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    None,
    /// Stop at the first line (reason `entry`).
    Entry,
    /// Stop at the next line, wherever it is.
    In,
    /// Stop at the next line of `thread` at most `depth` frames deep, or once
    /// `thread` stopped running (it yielded or ended).
    Over {
        thread: *mut lua_State,
        depth: usize,
    },
    /// Like `Over`, with fewer than `depth` frames.
    Out {
        thread: *mut lua_State,
        depth: usize,
    },
}

/// The last error seen, for `exceptionInfo` and the final report.
#[derive(Debug, Clone)]
pub struct Exception {
    pub message: String,
    pub type_name: String,
    pub traceback: String,
    /// No `pcall` catches it.
    pub uncaught: bool,
}

pub struct Debugger {
    pub client: Client,
    pub commands: Receiver<Command>,
    /// False under `noDebug`: no hooks, no stops.
    pub enabled: bool,
    /// Functions are shown relative to this folder.
    pub base_dir: PathBuf,
    pub sources: SourceStore,
    pub breakpoints: RefCell<Breakpoints>,
    pub step: Cell<Step>,
    /// The breakpoint a hook found, for the entry function to judge.
    pub hit: RefCell<Option<(String, i64)>>,
    /// Frames and variable handles while stopped.
    pub stop: RefCell<Option<Rc<StopContext>>>,
    pub exception: RefCell<Option<Exception>>,
    /// The VM's tool state (allocator tracker, exclusions).
    pub tool: Rc<Tool>,
    pub snapshots: RefCell<SnapshotStore>,
    pub snapshot_on_stop: bool,
    pub progress: bool,
    /// What each function definition holds, for the hook.
    pub protos: RefCell<super::protos::ProtoCache>,
    /// Whether frames below the running one own breakpoint lines.
    pub below: Cell<super::calls::BelowMemo>,
}

impl Debugger {
    /// Replaces the breakpoints of `file`; what the hook knew of functions
    /// is stale.
    pub fn set_breakpoints(&self, file: String, specs: Vec<super::breakpoints::BpSpec>) {
        let mut bps = self.breakpoints.borrow_mut();
        bps.set(file, specs);
        super::loaded::breakpoints_changed(&bps);
        self.protos.borrow_mut().clear();
        super::shortcut::forget();
    }

    /// The hook mask every running thread needs, before the per-function
    /// line decision: nothing without breakpoints or stepping or while no
    /// code of a file with breakpoints is loaded (`loaded.rs`), a
    /// call/return hook with breakpoints, every line while stepping.
    pub fn base_mask(&self) -> i32 {
        if !self.enabled {
            return 0;
        }
        match self.step.get() {
            Step::None if self.breakpoints.borrow().is_empty() => 0,
            // Only functions of files with breakpoints can hit one.
            Step::None if loaded::hittable() => ffi::LUA_MASKCALL | ffi::LUA_MASKRET,
            // A hook must look at new code.
            Step::None if loaded::pending() => ffi::LUA_MASKCALL,
            Step::None => 0,
            _ => ffi::LUA_MASKCALL | ffi::LUA_MASKRET | ffi::LUA_MASKLINE,
        }
    }
}

thread_local! {
    static ACTIVE: RefCell<Option<Rc<Debugger>>> = const { RefCell::new(None) };
    /// The debugger `ACTIVE` holds, for the hook: a thread-local without a
    /// destructor is a plain load, while `ACTIVE` is checked for lazy
    /// initialisation at every access.
    static ACTIVE_PTR: Cell<*const Debugger> = const { Cell::new(std::ptr::null()) };
    /// Registry references (`luaL_ref`) of the functions raw code calls.
    static REFS: Cell<Refs> = const { Cell::new(Refs { entry: 0, caught: 0 }) };
}

/// Registry references of the debugger's entry function and of the message
/// handler `pcall` installs.
#[derive(Debug, Clone, Copy)]
pub struct Refs {
    pub entry: i32,
    pub caught: i32,
}

pub fn active() -> Option<Rc<Debugger>> {
    ACTIVE.with(|a| a.borrow().clone())
}

/// Runs `f` with the active debugger, without taking a reference (the
/// hook's path: no count to bump at every call). `f` must not call Lua:
/// the debugger cannot be replaced while it runs.
pub fn with_active<R>(f: impl FnOnce(Option<&Debugger>) -> R) -> R {
    let ptr = ACTIVE_PTR.with(Cell::get);
    // SAFETY: `ACTIVE_PTR` is the debugger `ACTIVE` keeps alive, or null;
    // both change together in `activate`, which `f` cannot reach (it must
    // not call Lua, and only the runner activates).
    f(unsafe { ptr.as_ref() })
}

pub fn activate(debugger: Option<Rc<Debugger>>, refs: Refs) {
    ACTIVE_PTR.with(|p| p.set(debugger.as_ref().map_or(std::ptr::null(), Rc::as_ptr)));
    ACTIVE.with(|a| *a.borrow_mut() = debugger);
    REFS.with(|r| r.set(refs));
}

pub fn refs() -> Refs {
    REFS.with(Cell::get)
}
