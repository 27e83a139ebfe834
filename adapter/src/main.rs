//! `lua-snapshot`: run Lua scripts and report what they leave behind, or
//! serve the Debug Adapter Protocol.

mod cli;
#[path = "server/mod.rs"]
mod dap;
mod debugger;
mod runtime;
mod snapshots;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
