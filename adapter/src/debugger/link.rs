//! The channel from the server thread to the VM thread, and the signal that
//! makes a running script look at it (`hook::interrupt`).

use std::sync::atomic::Ordering;
use std::sync::mpsc::Sender;
use std::sync::{Mutex, PoisonError};

use super::command::Command;
use super::control;
use super::hook::interrupt;

/// The channel to the VM thread, and the thread to signal. Empty once the
/// VM thread is done with commands: while the lock is held and the link is
/// open, the thread has not exited, so signalling it is sound.
#[derive(Default)]
pub struct Link(Mutex<Option<(Sender<Command>, libc::pthread_t)>>);

impl Link {
    pub fn open(&self, tx: Sender<Command>) {
        // SAFETY: pthread_self has no preconditions.
        let me = unsafe { libc::pthread_self() };
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some((tx, me));
    }

    pub fn close(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// Queues a command and wakes the VM; gives it back if the VM is gone.
    pub fn post(&self, command: Command) -> Result<(), Command> {
        let guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let Some((tx, thread)) = guard.as_ref() else {
            return Err(command);
        };
        tx.send(command).map_err(|e| e.0)?;
        control::INTERRUPT.store(true, Ordering::SeqCst);
        interrupt::kick(*thread);
        Ok(())
    }

    /// Wakes the VM to look at the flags (pause, terminate).
    pub fn poke(&self) {
        let guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, thread)) = guard.as_ref() {
            control::INTERRUPT.store(true, Ordering::SeqCst);
            interrupt::kick(*thread);
        }
    }
}
