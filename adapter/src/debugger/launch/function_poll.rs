//! Function breakpoints name values that may change at any time: while
//! there are some, the server asks the VM to look their names up again
//! every [`PERIOD`] (a command, so the running script is interrupted once
//! per period, not hooked at every call).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::VmHandle;
use crate::debugger::command::{Command, RESOLVE_QUEUED};

const PERIOD: Duration = Duration::from_millis(100);

impl VmHandle {
    /// Until the script ends: every [`PERIOD`] while `wanted`, the VM
    /// resolves the function breakpoints again.
    pub fn poll_functions(&self, wanted: Arc<AtomicBool>) {
        let link = Arc::clone(&self.link);
        let finished = Arc::clone(&self.finished);
        let poll = move || loop {
            std::thread::sleep(PERIOD);
            if finished.load(Ordering::SeqCst) || link.script_ended() {
                return;
            }
            if wanted.load(Ordering::SeqCst)
                && link.runs_script()
                && !RESOLVE_QUEUED.swap(true, Ordering::SeqCst)
                && link.post(Command::ResolveFunctions).is_err()
            {
                RESOLVE_QUEUED.store(false, Ordering::SeqCst);
            }
        };
        // Without the thread, names are still looked up at every stop.
        let _ = std::thread::Builder::new()
            .name("function-breakpoints".into())
            .spawn(poll);
    }
}
