//! Debug Adapter Protocol server (see ARCHITECTURE.md): transport, session,
//! request dispatch; the VM side lives in `crate::debugger`.
//!
//! - `transport`: stdio or TCP on 127.0.0.1;
//! - `session`: the request loop and what the server answers itself;
//! - `client`: sending responses and events from any thread;
//! - `breakpoints`: verifying `setBreakpoints` against the file's lines
//!   (`lines`: which lines of a file have code);
//! - `launch`: launch arguments to a VM configuration;
//! - `capabilities`, `log`.

mod breakpoints;
mod capabilities;
pub mod client;
mod launch;
mod lines;
pub mod log;
mod session;
mod transport;

use std::path::PathBuf;
use std::process::ExitCode;

use log::dlog;

/// `lua-snapshot dap [--port N] [--log FILE]`.
#[derive(clap::Args)]
pub struct DapArgs {
    /// Listen on 127.0.0.1:N for one client at a time (VS Code's
    /// `debugServer`) instead of speaking on stdin/stdout. 0 picks a free
    /// port, printed on stderr.
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Write the adapter's log to FILE instead of stderr.
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
}

pub fn main(args: DapArgs) -> ExitCode {
    if let Err(e) = log::init(args.log.as_deref()) {
        eprintln!("lua-snapshot dap: cannot open the log file: {e}");
        return ExitCode::from(2);
    }
    match args.port {
        None => match transport::stdio() {
            Ok(connection) => match session::run(connection) {
                session::End::Clean => ExitCode::SUCCESS,
                session::End::VmStuck => ExitCode::from(1),
            },
            Err(e) => {
                dlog!("cannot set up stdio: {e}");
                ExitCode::from(2)
            }
        },
        Some(port) => serve_tcp(port),
    }
}

fn serve_tcp(port: u16) -> ExitCode {
    let listener = match transport::listen(port) {
        Ok(l) => l,
        Err(e) => {
            dlog!("cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::from(2);
        }
    };
    match listener.local_addr() {
        Ok(addr) => dlog!("listening on {addr}"),
        Err(e) => dlog!("listening (address unknown: {e})"),
    }
    loop {
        let connection = match transport::accept(&listener) {
            Ok(c) => c,
            Err(e) => {
                dlog!("cannot accept a connection: {e}");
                continue;
            }
        };
        dlog!("client connected");
        if let session::End::VmStuck = session::run(connection) {
            // The next session would share the process with a script that
            // will not stop.
            dlog!("the script is stuck in native code; exiting");
            return ExitCode::from(1);
        }
        dlog!("session ended; waiting for the next client");
    }
}
