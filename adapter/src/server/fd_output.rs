//! File descriptor 1 as `output` events. The script runs in this process,
//! so what C code, a C module or a child process (`os.execute("echo hi")`)
//! writes to standard output lands on the process's descriptor 1, which
//! the Lua-level replacements of `print` and `io.write` never see. That
//! descriptor is a pipe: a thread reads it and sends what arrives to the
//! client of the current session (category `stdout`), or to stderr between
//! sessions. In stdio mode the protocol itself goes out on a duplicate of
//! the original descriptor 1, made before the pipe replaced it.

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::FromRawFd;
use std::sync::{Mutex, PoisonError};

use super::client::Client;
use super::log::dlog;

/// Where the pump sends what it reads.
static SINK: Mutex<Option<Client>> = Mutex::new(None);

/// Replaces descriptor 1 by the write end of a pipe and starts the thread
/// that drains it. Call once, after the protocol's own descriptor is set.
pub fn capture() -> io::Result<()> {
    let mut ends = [0; 2];
    // SAFETY: `ends` has room for the two descriptors pipe2 writes; the
    // read end is then owned by exactly one File, and dup2 puts the write
    // end on descriptor 1, whose old file the process no longer needs.
    let reader = unsafe {
        if libc::pipe2(ends.as_mut_ptr(), libc::O_CLOEXEC) != 0 {
            return Err(io::Error::last_os_error());
        }
        if libc::dup2(ends[1], 1) < 0 {
            let e = io::Error::last_os_error();
            libc::close(ends[0]);
            libc::close(ends[1]);
            return Err(e);
        }
        libc::close(ends[1]);
        File::from_raw_fd(ends[0])
    };
    std::thread::Builder::new()
        .name("fd1-output".into())
        .spawn(move || pump(reader))?;
    Ok(())
}

/// Sends fd 1's output to `client` until [`detach`].
pub fn attach(client: &Client) {
    *SINK.lock().unwrap_or_else(PoisonError::into_inner) = Some(client.clone());
}

pub fn detach() {
    *SINK.lock().unwrap_or_else(PoisonError::into_inner) = None;
}

fn pump(mut reader: File) {
    let mut buf = vec![0u8; 64 * 1024];
    // Bytes of a UTF-8 sequence cut by the end of a read, kept for the next.
    let mut pending = Vec::new();
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                dlog!("cannot read the script's standard output: {e}");
                return;
            }
        };
        pending.extend_from_slice(&buf[..n]);
        let whole = match std::str::from_utf8(&pending) {
            Ok(_) => pending.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => pending.len(),
        };
        let text = String::from_utf8_lossy(&pending[..whole]).into_owned();
        pending.drain(..whole);
        if text.is_empty() {
            continue;
        }
        let sink = SINK.lock().unwrap_or_else(PoisonError::into_inner).clone();
        match sink {
            Some(client) => client.output("stdout", text),
            None => {
                let _ = io::stderr().write_all(text.as_bytes());
            }
        }
    }
}
