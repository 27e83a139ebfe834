//! Where the tool's own text goes, and keeping it in order with the script's.
//!
//! Lua's `print` and `io.write` go through C stdio's buffer, the tool's text
//! through Rust's: flushing C stdio first keeps both in program order when
//! stdout is a pipe.

use std::io::Write;

/// Writes the tool's text to standard output after the script's pending output.
pub fn emit(text: &str) {
    // SAFETY: fflush(NULL) flushes every C output stream; no Rust invariant
    // depends on C stdio state.
    unsafe {
        libc::fflush(std::ptr::null_mut());
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// A handle on the real standard output, taken before [`stdout_to_stderr`].
pub struct SavedStdout(std::fs::File);

impl SavedStdout {
    pub fn write_all(&mut self, text: &str) -> std::io::Result<()> {
        self.0.write_all(text.as_bytes())?;
        self.0.flush()
    }
}

/// Sends everything written to file descriptor 1 (Lua's print, io.write, C
/// modules, the tool's own listings) to standard error, and returns a handle
/// on the original standard output for a machine-readable report.
pub fn stdout_to_stderr() -> std::io::Result<SavedStdout> {
    use std::os::fd::FromRawFd;
    emit("");
    // SAFETY: dup and dup2 on the process's standard descriptors; the
    // duplicate is owned by the returned File and closed with it.
    unsafe {
        let saved = libc::dup(1);
        if saved < 0 || libc::dup2(2, 1) < 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(SavedStdout(std::fs::File::from_raw_fd(saved)))
    }
}
