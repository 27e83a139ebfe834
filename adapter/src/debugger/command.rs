//! What the server thread sends the VM thread.

use dap::Request;

use super::breakpoints::BpSpec;

/// What the server sends the VM thread.
pub enum Command {
    /// A request the VM answers itself (see `requests.rs`).
    Request(Request),
    /// The verified breakpoints of one file (a normalized path).
    Breakpoints { file: String, specs: Vec<BpSpec> },
    /// `configurationDone`: run the script.
    Start,
    /// End the script (the flag `control::TERMINATE` is set too).
    Terminate,
}
