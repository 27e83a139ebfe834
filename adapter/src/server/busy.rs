//! The answer to a second client under `--port`: one session at a time, so
//! a client that connects while another is served (and does not end within
//! a second) gets an error response to
//! its first request (or an `output` event if it sends none) and is closed.

use std::io::BufReader;
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dap::framing::{read_json, ReadError};
use dap::{Request, Response};

use super::client::Client;
use super::log::dlog;

/// How long a refused client gets for each read of its first request.
const FIRST_REQUEST_WAIT: Duration = Duration::from_secs(2);

/// Malformed messages skipped before a refused client is simply closed.
const MAX_SKIPPED: usize = 8;

/// How long a client that connects during a session waits for it to end.
const WAIT_FOR_SLOT: Duration = Duration::from_secs(1);

/// Refused clients being answered at once; past the limit a connection is
/// closed without an answer, so a flood of connections costs no threads.
const MAX_REFUSING: usize = 16;
static REFUSING: AtomicUsize = AtomicUsize::new(0);

const BUSY: &str = "lua-snapshot dap is serving another client on this port \
    (one session at a time); end that session or start another adapter";

/// What a refused client is told, when not [`BUSY`] (a host's server).
static REFUSAL: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

/// Sets what refused clients are told, once per process.
pub fn set_refusal(text: &'static str) {
    let _ = REFUSAL.set(text);
}

fn refusal() -> &'static str {
    REFUSAL.get().copied().unwrap_or(BUSY)
}

/// Answers `stream` on a thread of its own, or closes it at once when too
/// many are being answered.
///
/// A client that reconnects at once (a restart) may arrive while the
/// previous session still winds down: it gets the slot if that frees within
/// [`WAIT_FOR_SLOT`], and is refused only after.
pub fn wait_or_refuse(stream: TcpStream, slot: Arc<AtomicBool>, sessions: Sender<TcpStream>) {
    if REFUSING.fetch_add(1, Ordering::AcqRel) >= MAX_REFUSING {
        REFUSING.fetch_sub(1, Ordering::AcqRel);
        dlog!("closing a connection: a session is running");
        return;
    }
    std::thread::spawn(move || {
        let deadline = Instant::now() + WAIT_FOR_SLOT;
        let mut got = false;
        while Instant::now() < deadline {
            if !slot.swap(true, Ordering::AcqRel) {
                got = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if got {
            if sessions.send(stream).is_err() {
                slot.store(false, Ordering::Release);
            }
        } else {
            refuse(stream);
        }
        REFUSING.fetch_sub(1, Ordering::AcqRel);
    });
}

fn refuse(stream: TcpStream) {
    dlog!("refusing a second client: a session is running");
    let Ok(reader) = stream.try_clone() else {
        return;
    };
    let _ = stream.set_read_timeout(Some(FIRST_REQUEST_WAIT));
    let client = Client::new(Box::new(stream));
    let mut reader = BufReader::new(reader);
    let mut skipped = 0;
    let first = loop {
        match read_json(&mut reader) {
            Ok(message) => break Request::from_value(message).ok(),
            Err(ReadError::Rejected { head, .. }) => {
                client.send(Response::error_for(head.seq, head.command, refusal()));
                return;
            }
            Err(e) if e.is_recoverable() && skipped < MAX_SKIPPED => skipped += 1,
            Err(_) => break None,
        }
    };
    match first {
        Some(request) => client.error(&request, refusal()),
        None => client.output("important", format!("{}\n", refusal())),
    }
}
