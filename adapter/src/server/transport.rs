//! Where the protocol flows: stdin/stdout, or one TCP connection at a time
//! on 127.0.0.1 (`--port`, for VS Code's `debugServer`).

use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};

/// The two directions of one session.
pub struct Connection {
    pub reader: Box<dyn BufRead + Send>,
    pub writer: Box<dyn Write + Send>,
}

/// Takes stdin and stdout for the protocol, and gives the script (which runs
/// in this process) /dev/null as stdin and stderr as stdout: nothing the
/// script or a C module writes to file descriptor 1 can corrupt the stream,
/// and `io.read` cannot steal requests.
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
        })
    }
}

/// Listens on 127.0.0.1 only: the adapter runs arbitrary code for whoever
/// connects.
pub fn listen(port: u16) -> io::Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port))
}

pub fn accept(listener: &TcpListener) -> io::Result<Connection> {
    let (stream, _) = listener.accept()?;
    connection(stream)
}

fn connection(stream: TcpStream) -> io::Result<Connection> {
    stream.set_nodelay(true)?;
    let reader = stream.try_clone()?;
    Ok(Connection {
        reader: Box::new(BufReader::new(reader)),
        writer: Box::new(stream),
    })
}
