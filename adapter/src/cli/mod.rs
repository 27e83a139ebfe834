//! Command line: `lua-snapshot run ...` (and the DAP server, `dap`).

mod relay;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "lua-snapshot",
    version,
    about = "Find memory leaks in Lua programs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a Lua 5.4 script and report what it left behind.
    Run(RunArgs),
    /// Serve the Debug Adapter Protocol on stdin/stdout (or --port).
    Dap(lua_snapshot::server::DapArgs),
    /// Relay a terminal to a debugged program (what `runInTerminal` starts).
    #[command(hide = true)]
    TerminalRelay {
        /// The debug session's socket.
        socket: PathBuf,
    },
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// Snapshot the heap before the script runs and after it returns (both
    /// after a full collection) and list the objects it created that are
    /// still reachable, largest first.
    #[arg(long)]
    pub leaks: bool,
    /// Print the report as one JSON document on stdout; the script's own
    /// output goes to stderr.
    #[arg(long)]
    pub json: bool,
    /// Show only the N largest objects (the totals still count all).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// After the script returns, write the heap (after a full collection)
    /// to FILE in Chrome DevTools' `.heapsnapshot` format.
    #[arg(long, value_name = "FILE")]
    pub heapsnapshot: Option<PathBuf>,
    /// Fail the script's allocations beyond this many megabytes (a Lua
    /// "not enough memory" error) instead of exhausting the machine.
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    pub memory_limit: Option<u64>,
    /// The Lua script to run.
    pub script: PathBuf,
    /// Arguments for the script (its `arg` table and `...`).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Dap(args) => lua_snapshot::server::main(args),
        Command::TerminalRelay { socket } => relay::relay(&socket),
    }
}
