//! Writing responses and events from any thread.
//!
//! Numbering and writing happen under one lock, so `seq` increases in the
//! order messages appear on the wire, and two threads never interleave the
//! bytes of their frames.

use std::io::Write;
use std::sync::{Mutex, PoisonError};

use crate::framing::{write_json, WriteError};
use crate::message::Outgoing;
use crate::seq::SeqCounter;

/// Sends framed, numbered messages to the client; share it with `Arc`.
#[derive(Debug)]
pub struct Sender<W> {
    writer: Mutex<W>,
    seq: SeqCounter,
}

impl<W: Write> Sender<W> {
    /// Wraps a writer (stdout, a socket...); the first message gets `seq` 1.
    pub fn new(writer: W) -> Self {
        Sender {
            writer: Mutex::new(writer),
            seq: SeqCounter::new(),
        }
    }

    /// Stamps `message` with the next `seq`, writes and flushes it, and
    /// returns the `seq` used.
    pub fn send(&self, message: impl Into<Outgoing>) -> Result<i64, WriteError> {
        let mut message = message.into();
        // A poisoned lock only means another sender panicked; the writer
        // itself is still fine, and the session should go on.
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let seq = self.seq.next();
        message.set_seq(seq);
        write_json(&mut *writer, &message)?;
        Ok(seq)
    }

    /// Gives the writer back, e.g. to inspect what a test wrote.
    pub fn into_inner(self) -> W {
        self.writer
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
