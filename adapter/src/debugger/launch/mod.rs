//! Launch: the debugger runs a script it loaded itself, in a VM of its own
//! on a thread of its own (`runner`). An attach mode would replace this
//! folder and reuse `hook/` and `stopped/`.

mod output;
mod runner;
mod terminal_io;

use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use super::command::Command;
use super::control::{self, PAUSE, QUIET, TERMINATE};
use super::function_poll;
use super::hook::interrupt;
use super::link::Link;
use super::sources::SourceStore;
use dap::types::{ExitedEventBody, TerminatedEventBody};

use crate::server::client::Client;

/// What `launch` asks for, checked by the server.
#[derive(Debug, Clone)]
pub struct LaunchConfig {
    /// Absolute path of the script.
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Added to `package.path` / `package.cpath`.
    pub lua_path: Vec<String>,
    pub lua_cpath: Vec<String>,
    pub stop_on_entry: bool,
    pub no_debug: bool,
    pub memory_limit: Option<usize>,
    /// Where relative chunk names are shown from (the working directory).
    pub base_dir: PathBuf,
    /// Take a snapshot at every stop and send the diff from the previous one.
    pub snapshot_on_stop: bool,
    /// How many snapshots the session keeps.
    pub max_snapshots: usize,
    /// The client shows `progressStart`/`Update`/`End` events.
    pub progress: bool,
    /// The client's terminal for the program's stdin/stdout
    /// (`server/terminal.rs`); `None`: the Debug Console.
    pub terminal: Option<Arc<UnixStream>>,
}

/// The server's handle on a running (or loaded) script.
pub struct VmHandle {
    link: Arc<Link>,
    /// The VM thread is past the script and its VM (set before `done`).
    finished: Arc<AtomicBool>,
    /// The script did not unwind after `terminate` (see [`VmHandle::watch_end`]).
    stuck: Arc<AtomicBool>,
    done: Receiver<()>,
    thread: Option<JoinHandle<()>>,
}

impl VmHandle {
    pub fn post(&self, command: Command) -> Result<(), Command> {
        self.link.post(command)
    }

    pub fn pause(&self) {
        PAUSE.store(true, Ordering::SeqCst);
        let _ = self.link.post(Command::Pause);
    }

    /// Makes the script unwind; with `quiet`, the VM sends no `exited` and
    /// `terminated` events (a restart).
    pub fn terminate(&self, quiet: bool) {
        QUIET.store(quiet, Ordering::SeqCst);
        TERMINATE.store(true, Ordering::SeqCst);
        let _ = self.link.post(Command::Terminate);
        self.link.poke();
    }

    /// After `terminate`: if the script has not ended within `timeout`, it
    /// runs where no hook reaches it (Lua calls none inside a finalizer, and
    /// a C function is never interrupted). The thread cannot be killed, so
    /// the client is told why, hears `exited` and `terminated`, and the
    /// session ends without waiting for it again ([`VmHandle::wait`]).
    pub fn watch_end(&self, client: Client, timeout: Duration) {
        let finished = Arc::clone(&self.finished);
        let stuck = Arc::clone(&self.stuck);
        let link = Arc::clone(&self.link);
        let watchdog = move || {
            let deadline = std::time::Instant::now() + timeout;
            // An ended script's thread lives on to serve snapshot requests:
            // it is not stuck.
            while !finished.load(Ordering::SeqCst) && !link.script_ended() {
                if std::time::Instant::now() >= deadline {
                    stuck.store(true, Ordering::SeqCst);
                    if control::claim_end() {
                        client.output("stderr", stuck_message(timeout));
                        client.event(&ExitedEventBody { exit_code: 1 });
                        client.event(&TerminatedEventBody::default());
                    }
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        };
        if std::thread::Builder::new()
            .name("unwind-watchdog".into())
            .spawn(watchdog)
            .is_err()
        {
            self.stuck.store(true, Ordering::SeqCst);
        }
    }

    /// Lets the VM thread go (closes the link: an ended script's thread
    /// stops serving snapshot requests) and waits for it to end; false on
    /// timeout, at once when the watchdog found it stuck.
    pub fn wait(&mut self, timeout: Duration) -> bool {
        self.link.close();
        if self.stuck.load(Ordering::SeqCst) && !self.finished.load(Ordering::SeqCst) {
            return false;
        }
        match self.done.recv_timeout(timeout) {
            Ok(()) | Err(RecvTimeoutError::Disconnected) => {
                if let Some(thread) = self.thread.take() {
                    let _ = thread.join();
                }
                true
            }
            Err(RecvTimeoutError::Timeout) => false,
        }
    }

    /// Until the script ends: every 100 ms while `wanted` (held by the
    /// session), the VM resolves the function breakpoints again.
    pub fn poll_functions(&self, wanted: &Arc<AtomicBool>) {
        let finished = Arc::clone(&self.finished);
        function_poll::spawn(Arc::clone(&self.link), Arc::downgrade(wanted), move || {
            finished.load(Ordering::SeqCst)
        });
    }

    /// The script is over (the thread may still serve snapshot requests).
    pub fn is_done(&self) -> bool {
        self.thread.as_ref().is_none_or(|t| t.is_finished()) || self.link.script_ended()
    }
}

/// Starts the VM thread and loads the script; the error names the file and
/// line of a syntax error.
pub fn spawn(
    config: LaunchConfig,
    client: Client,
    sources: SourceStore,
) -> Result<VmHandle, String> {
    interrupt::install();
    let link = Arc::new(Link::default());
    let (loaded_tx, loaded_rx) = mpsc::sync_channel(1);
    let (done_tx, done_rx) = mpsc::channel();
    let vm_link = Arc::clone(&link);
    let finished = Arc::new(AtomicBool::new(false));
    let vm_finished = Arc::clone(&finished);
    let thread = std::thread::Builder::new()
        .name("lua-vm".into())
        // Deep recursion through C functions and the debugger's own frames.
        .stack_size(256 << 20)
        .spawn(move || {
            runner::main(config, client, sources, &vm_link, loaded_tx);
            vm_link.close();
            vm_finished.store(true, Ordering::SeqCst);
            let _ = done_tx.send(());
        })
        .map_err(|e| format!("cannot start the Lua thread: {e}"))?;
    let mut handle = VmHandle {
        link,
        finished,
        stuck: Arc::new(AtomicBool::new(false)),
        done: done_rx,
        thread: Some(thread),
    };
    match loaded_rx.recv() {
        Ok(Ok(())) => Ok(handle),
        Ok(Err(message)) => {
            handle.wait(Duration::from_secs(5));
            Err(message)
        }
        Err(_) => {
            handle.wait(Duration::from_secs(5));
            Err("the Lua thread ended while loading the script".into())
        }
    }
}

/// Why a terminated script is still there, for the user.
pub fn stuck_message(timeout: Duration) -> String {
    format!(
        "lua-snapshot: the program did not end within {} s: it runs code no \
         hook reaches, most likely a finalizer (__gc) that does not return \
         (Lua calls no hook inside one), or a C function that does not \
         return. The adapter process is ended with the session.\n",
        timeout.as_secs()
    )
}
