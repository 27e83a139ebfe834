//! `console: "integratedTerminal"` / `"externalTerminal"`: the program's
//! stdin and stdout in a terminal of the client.
//!
//! The program runs inside the adapter, whose stdin/stdout may be the
//! protocol itself, so the terminal cannot simply be handed to it. Instead
//! the adapter listens on a Unix socket in a private directory (mode 0700:
//! only this user can connect) and asks the client (`runInTerminal`) to
//! run `lua-snapshot terminal-relay SOCKET` in a terminal; the relay
//! connects back and copies the terminal's input to the socket and the
//! socket to the terminal. The VM thread then puts the socket on the
//! program's descriptors 0 and 1 (`debugger/launch/terminal_io.rs`).
//!
//! A client without `supportsRunInTerminalRequest`, or a relay that does
//! not connect in time, leaves the program on the Debug Console (output
//! events, empty stdin), and a console line says so.

use std::os::unix::fs::DirBuilderExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use dap::types::RunInTerminalRequestArguments;
use dap::Request;

use super::client::Client;

/// How long the relay gets to connect once the client was asked.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Asks the client for a terminal when `console` wants one; the program's
/// end of the relay, or `None` for the Debug Console.
pub fn open(
    client: &Client,
    supported: bool,
    console: Option<&str>,
    program: &Path,
) -> Option<UnixStream> {
    let kind = match console {
        Some("integratedTerminal") => "integrated",
        Some("externalTerminal") => "external",
        _ => return None,
    };
    let console = console.unwrap_or_default();
    if !supported {
        client.output(
            "console",
            format!(
                "lua-snapshot: this client cannot run a terminal (no runInTerminal); \
                 console \"{console}\" falls back to the Debug Console, where the program's \
                 stdin is empty\n"
            ),
        );
        return None;
    }
    match relay(client, kind, program) {
        Ok(stream) => Some(stream),
        Err(problem) => {
            client.output(
                "console",
                format!(
                    "lua-snapshot: no terminal for the program ({problem}); its output goes to \
                     the Debug Console and its stdin is empty\n"
                ),
            );
            None
        }
    }
}

fn relay(client: &Client, kind: &str, program: &Path) -> Result<UnixStream, String> {
    let dir = private_dir().map_err(|e| format!("cannot create its socket: {e}"))?;
    let socket = dir.join("terminal.sock");
    let result = serve(client, kind, program, &socket);
    let _ = std::fs::remove_file(&socket);
    let _ = std::fs::remove_dir(&dir);
    result
}

fn serve(client: &Client, kind: &str, program: &Path, socket: &Path) -> Result<UnixStream, String> {
    let listener = UnixListener::bind(socket).map_err(|e| format!("cannot listen: {e}"))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("cannot listen: {e}"))?;
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the adapter: {e}"))?;
    let title = program.file_name().map_or_else(
        || "Lua".to_owned(),
        |n| format!("Lua: {}", n.to_string_lossy()),
    );
    let args = RunInTerminalRequestArguments {
        kind: Some(kind.to_owned()),
        title: Some(title),
        cwd: std::env::current_dir()
            .unwrap_or_else(|_| "/".into())
            .to_string_lossy()
            .into_owned(),
        args: vec![
            exe.to_string_lossy().into_owned(),
            "terminal-relay".into(),
            socket.to_string_lossy().into_owned(),
        ],
    };
    let arguments = serde_json::to_value(args).map_err(|e| e.to_string())?;
    client.send(Request::new(0, "runInTerminal", arguments));
    let deadline = Instant::now() + CONNECT_TIMEOUT;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream
                    .set_nonblocking(false)
                    .map_err(|e| format!("cannot use the terminal: {e}"))?;
                return Ok(stream);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    return Err(format!(
                        "the terminal did not connect within {} s",
                        CONNECT_TIMEOUT.as_secs()
                    ));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(format!("cannot accept the terminal: {e}")),
        }
    }
}

/// A new directory only this user can enter.
fn private_dir() -> std::io::Result<PathBuf> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("lua-snapshot-{}-{n}", std::process::id()));
    std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
    Ok(dir)
}
