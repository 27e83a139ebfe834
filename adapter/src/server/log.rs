//! The adapter's log: stderr, or the file of `--log`. Never stdout, which
//! carries the protocol in stdio mode.

use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, OnceLock, PoisonError};

static SINK: OnceLock<Mutex<Box<dyn Write + Send>>> = OnceLock::new();

/// Chooses where the log goes; the first call wins. Without a call, the log
/// goes to stderr.
pub fn init(file: Option<&Path>) -> std::io::Result<()> {
    let sink: Box<dyn Write + Send> = match file {
        Some(path) => Box::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?,
        ),
        None => Box::new(std::io::stderr()),
    };
    let _ = SINK.set(Mutex::new(sink));
    Ok(())
}

/// Inside a host (`lsnapshot.listen`): the host's stderr is its own, so
/// the log goes to the file named by `LUA_SNAPSHOT_LOG`, or nowhere.
pub fn init_for_host() {
    let sink: Box<dyn Write + Send> = match std::env::var_os("LUA_SNAPSHOT_LOG").and_then(|path| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
    }) {
        Some(file) => Box::new(file),
        None => Box::new(std::io::sink()),
    };
    let _ = SINK.set(Mutex::new(sink));
}

/// Writes one line to the log. Errors writing the log are ignored: there is
/// nowhere left to report them.
pub fn write(args: std::fmt::Arguments) {
    let sink = SINK.get_or_init(|| Mutex::new(Box::new(std::io::stderr())));
    let mut sink = sink.lock().unwrap_or_else(PoisonError::into_inner);
    let _ = writeln!(sink, "lua-snapshot dap: {args}");
    let _ = sink.flush();
}

/// `dlog!("...", args)`: one line in the adapter's log.
macro_rules! dlog {
    ($($arg:tt)*) => {
        $crate::server::log::write(format_args!($($arg)*))
    };
}
pub(crate) use dlog;
