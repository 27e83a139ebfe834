//! `lua-snapshot`: run Lua scripts and report what they leave behind, or
//! serve the Debug Adapter Protocol.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
