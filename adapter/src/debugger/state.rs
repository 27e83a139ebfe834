//! The debugger's state on the VM thread: what the client asked for and what
//! the session holds. Plain data: the hook decides what it means for the
//! masks (`hook/mask.rs`), and keeps its own caches (`hook/active.rs`); the
//! stop loop holds what is valid only while stopped (`stopped/frames.rs`).

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::mpsc::Receiver;

use mlua::ffi::lua_State;

use super::breakpoints::{Breakpoints, FunctionSpec};
use super::command::Command;
use super::sources::SourceStore;
use crate::runtime::tool::Tool;
use crate::server::client::Client;
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

/// Where a function breakpoint's name resolved: the definition of the
/// function its name holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSite {
    /// Normalized path of its file.
    pub file: String,
    /// `linedefined`, `lastlinedefined`.
    pub first: i64,
    pub last: i64,
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
    /// Shared with an attach mode's host, which serves the same queue
    /// while no client is attached.
    pub commands: Rc<Receiver<Command>>,
    /// False under `noDebug`: no hooks, no stops.
    pub enabled: bool,
    /// Functions are shown relative to this folder.
    pub base_dir: PathBuf,
    pub sources: SourceStore,
    pub breakpoints: RefCell<Breakpoints>,
    pub step: Cell<Step>,
    /// The breakpoint a hook found, for the entry function to judge.
    pub hit: RefCell<Option<(String, i64)>>,
    /// The function breakpoint a call hook found.
    pub entry_hit: Cell<Option<i64>>,
    /// The function breakpoints the client set, and where each resolved.
    pub functions: RefCell<Vec<(FunctionSpec, Option<FunctionSite>)>>,
    pub exception: RefCell<Option<Exception>>,
    /// The VM's tool state (allocator tracker, exclusions).
    pub tool: Rc<Tool>,
    pub snapshots: RefCell<SnapshotStore>,
    pub snapshot_on_stop: bool,
    pub progress: bool,
}
