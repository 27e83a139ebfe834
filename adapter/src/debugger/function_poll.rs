//! Function breakpoints name values that may change at any time: while
//! there are some, the server asks the VM to look their names up again
//! every [`PERIOD`] (a command, so the running script is interrupted once
//! per period, not hooked at every call). Launched scripts and attached
//! hosts alike.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use super::command::{Command, RESOLVE_QUEUED};
use super::link::Link;

const PERIOD: Duration = Duration::from_millis(100);

/// Every [`PERIOD`] while `wanted` says so, the VM behind `link` resolves
/// the function breakpoints again; until the session lets go of `wanted`
/// or `over` says the program is gone. Without the thread, names are still
/// looked up at every stop.
pub fn spawn(link: Arc<Link>, wanted: Weak<AtomicBool>, over: impl Fn() -> bool + Send + 'static) {
    let poll = move || loop {
        std::thread::sleep(PERIOD);
        let Some(wanted) = wanted.upgrade() else {
            return; // the session ended
        };
        if over() || link.script_ended() {
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
    let _ = std::thread::Builder::new()
        .name("function-breakpoints".into())
        .spawn(poll);
}
