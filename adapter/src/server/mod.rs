//! Debug Adapter Protocol server (see ARCHITECTURE.md): transport, session,
//! request dispatch; the VM side lives in `crate::debugger`.
//!
//! - `transport`: stdio or TCP on 127.0.0.1;
//! - `busy`: the answer to a client that connects while another is served;
//! - `session`: the request loop and what the server answers itself;
//! - `client`: sending responses and events from any thread;
//! - `breakpoints`: verifying `setBreakpoints` against the file's lines
//!   (`lines`: which lines of a file have code);
//! - `launch`: launch arguments to a VM configuration;
//! - `fd_output`: what is written to file descriptor 1 as `output` events;
//! - `host`: the server inside a host's process (`lsnapshot.listen`);
//! - `target`: what a session debugs, a launched script or an attached host;
//! - `capabilities`, `log`.

mod breakpoints;
mod busy;
mod capabilities;
pub mod client;
mod conventions;
mod disconnect;
mod exception_filters;
mod fd_output;
mod function_breakpoints;
pub mod host;
mod launch;
mod lines;
pub mod log;
mod session;
mod target;
mod terminal;
mod transport;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use log::dlog;

/// `lua-snapshot dap [--port N] [--log FILE]`.
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct DapArgs {
    /// Listen on 127.0.0.1:N for one client at a time (VS Code's
    /// `debugServer`) instead of speaking on stdin/stdout. 0 picks a free
    /// port, printed on stderr.
    #[cfg_attr(feature = "cli", arg(long, value_name = "N"))]
    pub port: Option<u16>,
    /// Write the adapter's log to FILE instead of stderr.
    #[cfg_attr(feature = "cli", arg(long, value_name = "FILE"))]
    pub log: Option<PathBuf>,
    /// With --port: close a connection that sends no `initialize` within
    /// SECS seconds, so that a silent client cannot hold the session.
    #[cfg_attr(feature = "cli", arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600)))]
    pub init_timeout: u64,
}

pub fn main(args: DapArgs) -> ExitCode {
    if let Err(e) = log::init(args.log.as_deref()) {
        eprintln!("lua-snapshot dap: cannot open the log file: {e}");
        return ExitCode::from(2);
    }
    launch::remember_origin();
    match args.port {
        None => serve_stdio(),
        Some(port) => serve_tcp(port, Duration::from_secs(args.init_timeout)),
    }
}

fn serve_stdio() -> ExitCode {
    let connection = match transport::stdio() {
        Ok(connection) => connection,
        Err(e) => {
            dlog!("cannot set up stdio: {e}");
            return ExitCode::from(2);
        }
    };
    capture_fd1();
    match session::run(connection) {
        session::End::Clean => ExitCode::SUCCESS,
        session::End::VmStuck => ExitCode::from(1),
    }
}

/// What the script writes to descriptor 1 becomes `output` events (see
/// `fd_output`); in stdio mode, once the protocol has its own descriptor.
fn capture_fd1() {
    if let Err(e) = fd_output::capture() {
        dlog!("cannot capture the script's standard output: {e}");
    }
}

/// One session at a time: the first client is served on this thread; a
/// client that connects meanwhile is told so and closed by the accepting
/// thread, so it never waits in silence and cannot delay the session.
fn serve_tcp(port: u16, init_timeout: Duration) -> ExitCode {
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
    capture_fd1();
    serve_one_at_a_time(listener, init_timeout, session::run);
    ExitCode::from(1)
}

/// Serves the clients of `listener` one session at a time with `run`;
/// returns when a session ends with its VM stuck (the next one would share
/// the process with a script that will not stop).
pub(crate) fn serve_one_at_a_time(
    listener: std::net::TcpListener,
    init_timeout: Duration,
    run: impl Fn(transport::Connection) -> session::End,
) {
    let busy = Arc::new(AtomicBool::new(false));
    let (sessions, incoming) = mpsc::channel();
    let accepting = Arc::clone(&busy);
    std::thread::spawn(move || loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) => {
                dlog!("cannot accept a connection: {e}");
                continue;
            }
        };
        if accepting.swap(true, Ordering::AcqRel) {
            busy::wait_or_refuse(stream, Arc::clone(&accepting), sessions.clone());
        } else if sessions.send(stream).is_err() {
            return;
        }
    });
    for stream in incoming {
        dlog!("client connected");
        let end = match transport::connection(stream, init_timeout) {
            Ok(connection) => run(connection),
            Err(e) => {
                dlog!("cannot set up the connection: {e}");
                session::End::Clean
            }
        };
        if let session::End::VmStuck = end {
            dlog!("the script is stuck in native code; exiting");
            return;
        }
        busy.store(false, Ordering::Release);
        dlog!("session ended; waiting for the next client");
    }
}
