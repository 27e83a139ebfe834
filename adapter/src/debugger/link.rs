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
///
/// After the script ended the link may stay open without a thread to
/// signal (`None`): the VM thread then only serves snapshot requests.
#[derive(Default)]
pub struct Link(Mutex<Option<(Sender<Command>, Option<libc::pthread_t>)>>);

impl Link {
    pub fn open(&self, tx: Sender<Command>) {
        // SAFETY: pthread_self has no preconditions.
        let me = unsafe { libc::pthread_self() };
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some((tx, Some(me)));
    }

    pub fn close(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The script ended: no more signals, the channel stays for snapshot
    /// requests. False when the session already closed the link.
    pub fn keep_for_snapshots(&self) -> bool {
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
    pub fn script_ended(&self) -> bool {
        matches!(
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_ref(),
            Some((_, None))
        )
    }

    /// Whether the VM thread still takes commands for a running script.
    pub fn runs_script(&self) -> bool {
        matches!(
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_ref(),
            Some((_, Some(_)))
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
            interrupt::kick(*thread);
        }
        Ok(())
    }

    /// Wakes the VM to look at the flags (pause, terminate).
    pub fn poke(&self) {
        let guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, Some(thread))) = guard.as_ref() {
            control::INTERRUPT.store(true, Ordering::SeqCst);
            interrupt::kick(*thread);
        }
    }
}
