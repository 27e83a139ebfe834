//! Launch: the debugger runs a script it loaded itself, in a VM of its own
//! on a thread of its own (`runner`). An attach mode would replace this
//! folder and reuse `hook/` and `stopped/`.

mod output;
mod runner;

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use super::command::Command;
use super::control::{PAUSE, QUIET, TERMINATE};
use super::hook::interrupt;
use super::link::Link;
use super::sources::SourceStore;
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
}

/// The server's handle on a running (or loaded) script.
pub struct VmHandle {
    link: Arc<Link>,
    done: Receiver<()>,
    thread: Option<JoinHandle<()>>,
}

impl VmHandle {
    pub fn post(&self, command: Command) -> Result<(), Command> {
        self.link.post(command)
    }

    pub fn pause(&self) {
        PAUSE.store(true, Ordering::SeqCst);
        self.link.poke();
    }

    /// Makes the script unwind; with `quiet`, the VM sends no `exited` and
    /// `terminated` events (a restart).
    pub fn terminate(&self, quiet: bool) {
        QUIET.store(quiet, Ordering::SeqCst);
        TERMINATE.store(true, Ordering::SeqCst);
        let _ = self.link.post(Command::Terminate);
        self.link.poke();
    }

    /// Lets the VM thread go (closes the link: an ended script's thread
    /// stops serving snapshot requests) and waits for it to end; false on
    /// timeout.
    pub fn wait(&mut self, timeout: Duration) -> bool {
        self.link.close();
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
    let thread = std::thread::Builder::new()
        .name("lua-vm".into())
        // Deep recursion through C functions and the debugger's own frames.
        .stack_size(256 << 20)
        .spawn(move || {
            runner::main(config, client, sources, &vm_link, loaded_tx);
            vm_link.close();
            let _ = done_tx.send(());
        })
        .map_err(|e| format!("cannot start the Lua thread: {e}"))?;
    let mut handle = VmHandle {
        link,
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
