//! What the server thread sends the VM thread.

use std::sync::atomic::AtomicBool;
use std::sync::mpsc::Sender;

use dap::Request;

use super::breakpoints::{BpSpec, FunctionSpec};
use super::sources::SourceStore;
use crate::server::client::Client;

/// What the server sends the VM thread.
pub enum Command {
    /// A request the VM answers itself (see `requests.rs`).
    Request(Request),
    /// The verified breakpoints of one file (a normalized path).
    Breakpoints { file: String, specs: Vec<BpSpec> },
    /// All function breakpoints (`setFunctionBreakpoints`).
    FunctionBreakpoints(Vec<FunctionSpec>),
    /// Look up the function breakpoints' names again (sent periodically
    /// while there are some: a name may get its function at any time).
    ResolveFunctions,
    /// `configurationDone`: run the script.
    Start,
    /// `pause` (the flag `control::PAUSE` is set too). Its place in the
    /// queue tells the stop loop that the pause came while stopped, after
    /// the requests before it: then it is spent.
    Pause,
    /// End the script (the flag `control::TERMINATE` is set too).
    Terminate,
    /// Attach mode: a client attached to the host (`attach/`).
    Attach(Box<AttachOrder>),
    /// Attach mode: the client is gone or disconnected: remove the
    /// debugger from the host and let it run; `done` hears when that
    /// happened; with `end_host` the host process then exits (the client's
    /// `terminateDebuggee`). In launch mode it only answers `done`.
    Detach { done: Sender<()>, end_host: bool },
}

/// What an `attach` request asks of the host.
pub struct AttachOrder {
    /// The `attach` request, answered by the host thread once the debugger
    /// is in place.
    pub request: Request,
    pub client: Client,
    pub sources: SourceStore,
    pub snapshot_on_stop: bool,
    pub max_snapshots: usize,
    pub progress: bool,
}

/// A `ResolveFunctions` is queued and not yet served: the poller sends no
/// other, so a script that stays in a C function for hours does not pile
/// them up.
pub static RESOLVE_QUEUED: AtomicBool = AtomicBool::new(false);
