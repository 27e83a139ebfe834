//! The debugger: what runs on the VM thread, and the handle the DAP server
//! holds on it.
//!
//! Threads: the server thread reads requests and owns a [`VmHandle`]; the VM
//! thread owns the `Lua` state (mlua's `Lua` is not `Send`) and runs the
//! script. They talk through a command channel. While the script is stopped,
//! the VM thread waits on that channel inside the hook; while it runs, a
//! posted command raises `control::INTERRUPT` and a signal makes the VM
//! thread service the channel at its next Lua instruction (signal.rs), then
//! go on without a `stopped` event. The snapshot requests use this path to
//! walk the heap of a running script.
//!
//! Modules: `runner` (thread main), `hook` (masks, the hook), `cfuncs` (the
//! replaced `pcall`/`coroutine`/`os.exit`), `chain` (running coroutines),
//! `signal`, `control` (shared flags), `stop` (entering the debugger),
//! `requests` (answers while stopped), `frames`/`variables`/`values`/`eval`
//! (inspection), `breakpoints`, `lines` (valid lines), `sources`, `output`,
//! `raw` (frame access through the C API), `state`.

pub mod breakpoints;
mod calls;
mod cfuncs;
mod chain;
pub mod control;
mod eval;
mod fastcond;
mod frames;
mod hook;
pub mod lines;
mod loaded;
mod output;
mod protos;
mod raw;
mod requests;
mod runner;
mod shortcut;
mod signal;
mod snapshots;
pub mod sources;
mod state;
mod stop;
mod values;
mod variables;

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use dap::Request;

use self::breakpoints::BpSpec;
use self::control::{PAUSE, QUIET, TERMINATE};
use self::sources::SourceStore;
use crate::dap::client::Client;

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

/// The channel to the VM thread, and the thread to signal. Empty once the
/// VM thread is done with commands: while the lock is held and the link is
/// open, the thread has not exited, so signalling it is sound.
#[derive(Default)]
///
/// After the script ended the link may stay open without a thread to
/// signal (`None`): the VM thread then only serves snapshot requests.
pub struct Link(Mutex<Option<(Sender<Command>, Option<libc::pthread_t>)>>);

impl Link {
    fn open(&self, tx: Sender<Command>) {
        // SAFETY: pthread_self has no preconditions.
        let me = unsafe { libc::pthread_self() };
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some((tx, Some(me)));
    }

    fn close(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The script ended: no more signals, the channel stays for snapshot
    /// requests. False when the session already closed the link.
    fn keep_for_snapshots(&self) -> bool {
        match self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
        {
            Some((_, thread)) => {
                *thread = None;
                true
            }
            None => false,
        }
    }

    /// Whether the script ended and only snapshot requests are served.
    fn script_ended(&self) -> bool {
        matches!(
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_ref(),
            Some((_, None))
        )
    }

    /// Queues a command and wakes the VM; gives it back if the VM is gone.
    pub fn post(&self, command: Command) -> Result<(), Command> {
        let guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let Some((tx, thread)) = guard.as_ref() else {
            return Err(command);
        };
        tx.send(command).map_err(|e| e.0)?;
        if let Some(thread) = thread {
            control::INTERRUPT.store(true, Ordering::SeqCst);
            signal::kick(*thread);
        }
        Ok(())
    }

    /// Wakes the VM to look at the flags (pause, terminate).
    fn poke(&self) {
        let guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, Some(thread))) = guard.as_ref() {
            control::INTERRUPT.store(true, Ordering::SeqCst);
            signal::kick(*thread);
        }
    }
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
    signal::install();
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

/// Sets the exception filters (`setExceptionBreakpoints`).
pub fn set_exception_filters(uncaught: bool, raised: bool) {
    control::BREAK_UNCAUGHT.store(uncaught, Ordering::SeqCst);
    control::BREAK_RAISED.store(raised, Ordering::SeqCst);
}
