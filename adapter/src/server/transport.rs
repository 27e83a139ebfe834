//! Where the protocol flows: stdin/stdout, or one TCP connection at a time
//! on 127.0.0.1 (`--port`, for VS Code's `debugServer`).

use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// The two directions of one session.
pub struct Connection {
    pub reader: Box<dyn BufRead + Send>,
    pub writer: Box<dyn Write + Send>,
    /// A socket whose reads time out until the client has sent
    /// `initialize` (see [`Connection::initialized`]): a client that
    /// connects and says nothing must not hold the only session slot.
    pub idle_guard: Option<TcpStream>,
}

impl Connection {
    /// The client has introduced itself: from now on it may stay silent for
    /// as long as it likes (a user looking at a breakpoint).
    pub fn initialized(guard: &mut Option<TcpStream>) {
        if let Some(stream) = guard.take() {
            let _ = stream.set_read_timeout(None);
        }
    }
}

/// Takes stdin and stdout for the protocol, and gives the script (which runs
/// in this process) /dev/null as stdin and, for now, stderr as stdout
/// (`fd_output::capture` then puts a pipe there): nothing the script or a C
/// module writes to file descriptor 1 can corrupt the stream, and `io.read`
/// cannot steal requests.
pub fn stdio() -> io::Result<Connection> {
    use std::os::fd::FromRawFd;
    // SAFETY: plain descriptor juggling on the process's standard
    // descriptors, before any other thread uses them; each new descriptor is
    // owned by exactly one File.
    unsafe {
        let input = libc::dup(0);
        let output = libc::dup(1);
        if input < 0 || output < 0 {
            return Err(io::Error::last_os_error());
        }
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY);
        if null >= 0 {
            libc::dup2(null, 0);
            libc::close(null);
        }
        if libc::dup2(2, 1) < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Connection {
            reader: Box::new(BufReader::new(std::fs::File::from_raw_fd(input))),
            writer: Box::new(std::fs::File::from_raw_fd(output)),
            idle_guard: None,
        })
    }
}

/// Listens on 127.0.0.1 only: the adapter runs arbitrary code for whoever
/// connects.
pub fn listen(port: u16) -> io::Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port))
}

/// A session over `stream`, whose reads time out after `init_timeout` until
/// the client sends `initialize`.
pub fn connection(stream: TcpStream, init_timeout: Duration) -> io::Result<Connection> {
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(init_timeout))?;
    let reader = stream.try_clone()?;
    let idle_guard = Some(stream.try_clone()?);
    Ok(Connection {
        reader: Box::new(BufReader::new(reader)),
        writer: Box::new(stream),
        idle_guard,
    })
}
