//! The DAP server inside a host's process (`lsnapshot.listen`): one client
//! at a time attaches to the host's Lua; a second one is refused.

use std::net::TcpListener;
use std::time::Duration;

use super::{busy, serve_one_at_a_time, session};
use crate::debugger::HostHandle;

/// How long a connected client may take to send `initialize`.
const INIT_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `listener` on a thread of its own, for the life of the process.
pub fn serve(listener: TcpListener, host: HostHandle) -> std::io::Result<()> {
    busy::set_refusal(
        "this Lua host already has a debugger attached (one client at a time); \
         disconnect that client first",
    );
    std::thread::Builder::new()
        .name("lsnapshot-dap".into())
        .spawn(move || {
            serve_one_at_a_time(listener, INIT_TIMEOUT, |connection| {
                session::run_attached(connection, host.clone())
            })
        })
        .map(|_| ())
}
