//! Command line: `lua-snapshot run ...` (and the DAP server, `dap`), the
//! same for every runtime's binary (`lua-snapshot`, `lua-snapshot-luajit`:
//! each `main` is [`binary_main!`](crate::binary_main)).

mod relay;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::runtime::flavor;

/// The allocator of the binaries (see [`binary_main!`](crate::binary_main)).
pub use mimalloc::MiMalloc;

/// The `main` of a binary: the command line, with mimalloc for everything
/// the binary allocates, the Lua VM included (mlua allocates through Rust's
/// global allocator, for LuaJIT too): each thread has its own heap, so the
/// VM thread takes no lock while the DAP server's threads exist. With
/// glibc's malloc, a second thread alone made allocation-heavy scripts
/// 1.28x slower (docs/PERFORMANCE.md, P5).
#[macro_export]
macro_rules! binary_main {
    () => {
        #[global_allocator]
        static ALLOCATOR: $crate::cli::MiMalloc = $crate::cli::MiMalloc;

        fn main() -> std::process::ExitCode {
            $crate::cli::main()
        }
    };
}

/// The command line; `main` names the binary and its Lua (`flavor`).
#[derive(Parser)]
#[command(about = "Find memory leaks in Lua programs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a Lua script and report what it left behind.
    Run(RunArgs),
    /// Serve the Debug Adapter Protocol on stdin/stdout (or --port).
    Dap(crate::server::DapArgs),
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

/// The command line of this build's binary: `run`, `dap`, `terminal-relay`.
pub fn main() -> ExitCode {
    let command = Cli::command()
        .name(flavor::BINARY)
        .bin_name(flavor::BINARY)
        .version(flavor::VERSION)
        .about(format!("Find memory leaks in {} programs", flavor::LUA))
        .mut_subcommand("run", |run| {
            run.about(format!(
                "Run a script in the embedded {} and report what it left behind",
                flavor::LUA
            ))
        })
        .mut_subcommand("dap", |dap| {
            dap.about(format!(
                "Serve the Debug Adapter Protocol on stdin/stdout (or --port), for {} scripts",
                flavor::LUA
            ))
        });
    let cli = match Cli::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Dap(args) => crate::server::main(args),
        Command::TerminalRelay { socket } => relay::relay(&socket),
    }
}
