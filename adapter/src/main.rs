//! `lua-snapshot`: run Lua scripts and report what they leave behind, or
//! serve the Debug Adapter Protocol.

mod cli;
mod debugger;
mod runtime;
mod server;
mod snapshots;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
