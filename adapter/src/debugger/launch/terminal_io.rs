//! The program's stdin and stdout on the client's terminal for one run
//! (`server/terminal.rs` made the connection): the relay's socket goes on
//! descriptors 0 and 1, and everything is put back when the run ends, so
//! that the next session (`--port`, `restart`) starts from `/dev/null` and
//! the output pipe again.

use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::Arc;

extern "C" {
    /// C's `stdin`, the `FILE` behind Lua's `io.stdin`/`io.read`.
    static mut stdin: *mut libc::FILE;
    /// glibc: drops what a `FILE` buffered (`stdio_ext.h`).
    fn __fpurge(stream: *mut libc::FILE);
}

/// While it lives, descriptors 0 and 1 are the terminal.
pub struct TerminalIo {
    stream: Arc<UnixStream>,
    saved_in: libc::c_int,
    saved_out: libc::c_int,
}

impl TerminalIo {
    /// Puts `stream` on descriptors 0 and 1 (on the VM thread, before the
    /// program runs).
    pub fn attach(stream: Arc<UnixStream>) -> io::Result<TerminalIo> {
        let fd = stream.as_raw_fd();
        // SAFETY: descriptor juggling on the process's own descriptors; the
        // server thread speaks the protocol on duplicates made at start
        // (`transport.rs`), and only the VM thread touches C's `stdin`.
        unsafe {
            libc::fflush(std::ptr::null_mut());
            let saved_in = libc::dup(0);
            let saved_out = libc::dup(1);
            if saved_in < 0 || saved_out < 0 || libc::dup2(fd, 0) < 0 || libc::dup2(fd, 1) < 0 {
                let e = io::Error::last_os_error();
                restore(saved_in, saved_out);
                return Err(e);
            }
            // An earlier run may have read `/dev/null` to its end.
            libc::clearerr(stdin);
            Ok(TerminalIo {
                stream,
                saved_in,
                saved_out,
            })
        }
    }
}

/// Puts the saved descriptors back on 0 and 1 and closes them.
///
/// # Safety
/// `saved_in`/`saved_out` are descriptors this module duplicated (or -1).
unsafe fn restore(saved_in: libc::c_int, saved_out: libc::c_int) {
    // SAFETY: the caller's contract.
    unsafe {
        for (saved, target) in [(saved_in, 0), (saved_out, 1)] {
            if saved >= 0 {
                libc::dup2(saved, target);
                libc::close(saved);
            }
        }
    }
}

impl Drop for TerminalIo {
    fn drop(&mut self) {
        // SAFETY: as in `attach`; what the program left unread in `stdin`'s
        // buffer must not reach the next run.
        unsafe {
            libc::fflush(std::ptr::null_mut());
            __fpurge(stdin);
            libc::clearerr(stdin);
            restore(self.saved_in, self.saved_out);
        }
        // The relay sees the end and exits; its terminal stays for reading.
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}
