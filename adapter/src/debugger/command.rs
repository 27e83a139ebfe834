//! What the server thread sends the VM thread.

use std::sync::atomic::AtomicBool;

use dap::Request;

use super::breakpoints::{BpSpec, FunctionSpec};

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
}

/// A `ResolveFunctions` is queued and not yet served: the poller sends no
/// other, so a script that stays in a C function for hours does not pile
/// them up.
pub static RESOLVE_QUEUED: AtomicBool = AtomicBool::new(false);
