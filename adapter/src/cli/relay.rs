//! `lua-snapshot terminal-relay SOCKET` (hidden): the process the client
//! starts in its terminal for `console: "integratedTerminal"`. The program
//! runs inside the debug adapter, so this relays the terminal to it: what
//! is typed goes to the program's stdin, what the program prints comes
//! back. It ends when the program's session closes the socket.

use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::ExitCode;

pub fn relay(socket: &Path) -> ExitCode {
    let stream = match UnixStream::connect(socket) {
        Ok(stream) => stream,
        Err(e) => {
            eprintln!(
                "lua-snapshot: cannot reach the debug session at {}: {e}",
                socket.display()
            );
            return ExitCode::from(2);
        }
    };
    if let Ok(mut to_program) = stream.try_clone() {
        // Typed lines go on until the terminal's end of input (Ctrl-D),
        // which the program reads as the end of its stdin.
        let _ = std::thread::Builder::new()
            .name("stdin-relay".into())
            .spawn(move || {
                let _ = io::copy(&mut io::stdin().lock(), &mut to_program);
                let _ = to_program.shutdown(std::net::Shutdown::Write);
            });
    }
    let mut from_program = stream;
    let mut out = io::stdout().lock();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match from_program.read(&mut buf) {
            Ok(0) => return ExitCode::SUCCESS,
            // A prompt without a newline must show before the program reads.
            Ok(n) => {
                if out.write_all(&buf[..n]).and_then(|()| out.flush()).is_err() {
                    return ExitCode::from(1);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return ExitCode::SUCCESS,
        }
    }
}
