//! The server thread's handle on the host: posts commands, pauses, detaches.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use crate::debugger::command::Command;
use crate::debugger::control::PAUSE;
use crate::debugger::function_poll;
use crate::debugger::link::Link;
use crate::server::client::Client;

/// Shared by the host's listener and each session it serves.
#[derive(Clone)]
pub struct HostHandle {
    pub(super) link: Arc<Link>,
    /// The host closed its Lua state (`lua_close`): nothing is served any
    /// more.
    pub(super) closed: Arc<AtomicBool>,
    /// A client is attached (set and cleared by the host's Lua thread).
    pub(super) attached: Arc<AtomicBool>,
}

impl HostHandle {
    /// Queues a command for the host's Lua thread and wakes it; gives the
    /// command back once the host closed its Lua state.
    pub fn post(&self, command: Command) -> Result<(), Command> {
        if self.is_closed() {
            return Err(command);
        }
        self.link.post(command)
    }

    pub fn pause(&self) {
        PAUSE.store(true, Ordering::SeqCst);
        let _ = self.post(Command::Pause);
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// After an `attach` was posted: if the host has not taken it within a
    /// second, its Lua thread is busy outside Lua (a long C call, a host
    /// that is not polling); the client hears why nothing happens.
    pub fn tell_if_slow(&self, client: Client) {
        let attached = Arc::clone(&self.attached);
        let closed = Arc::clone(&self.closed);
        let watch = move || {
            std::thread::sleep(Duration::from_secs(1));
            if !attached.load(Ordering::SeqCst) && !closed.load(Ordering::SeqCst) {
                client.output(
                    "console",
                    "lua-snapshot: waiting for the host: its Lua thread has not run Lua code \
                     or called lsnapshot.poll() for a second (a long C call, or an idle host \
                     that does not poll). The attach completes when it does.\n",
                );
            }
        };
        let _ = std::thread::Builder::new()
            .name("attach-wait".into())
            .spawn(watch);
    }

    /// While the session holds `wanted` and it is set, the host resolves
    /// the function breakpoints again every 100 ms.
    pub fn poll_functions(&self, wanted: &Arc<AtomicBool>) {
        let closed = Arc::clone(&self.closed);
        function_poll::spawn(Arc::clone(&self.link), Arc::downgrade(wanted), move || {
            closed.load(Ordering::SeqCst)
        });
    }

    /// Removes the debugger from the host, which runs on; true if the host
    /// did so within `timeout`. Otherwise it does so the next time it runs
    /// Lua or calls `lsnapshot.poll()`, before it serves anything a later
    /// client asks.
    /// With `end_host` the host process then exits (status 0): the
    /// client's `terminateDebuggee`.
    pub fn detach(&self, timeout: Duration, end_host: bool) -> bool {
        let (done, heard) = mpsc::channel();
        if self.post(Command::Detach { done, end_host }).is_err() {
            return true;
        }
        match heard.recv_timeout(timeout) {
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => true,
            Err(mpsc::RecvTimeoutError::Timeout) => false,
        }
    }
}
