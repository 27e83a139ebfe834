//! `Content-Length` framing of DAP messages over byte streams.
//!
//! DAP borrows the base protocol of LSP: each message is a block of
//! `Name: value` header lines ended by an empty line, then exactly
//! `Content-Length` bytes of UTF-8 JSON. The adapter talks to an editor over
//! stdin/stdout or a socket, so the reader must survive whatever arrives: a
//! client bug or a stray `print` must cost one message, not the session.
//!
//! Errors come in three kinds, because the caller must react differently:
//! - [`ReadError::Closed`]: the peer closed the stream between two messages,
//!   the normal end of a session;
//! - [`ReadError::Malformed`]: one message was bad, the stream is still
//!   usable, so log it and call the reader again;
//! - [`ReadError::Rejected`]: the same for a request whose `seq` and
//!   `command` could still be read (too large, or nested too deep): answer
//!   it with an error response;
//! - [`ReadError::Truncated`] and [`ReadError::Io`]: nothing more can be read,
//!   stop.
//!
//! A header block is always read up to its blank line before a verdict is
//! given, and a body whose `Content-Length` was valid is always consumed, even
//! when it is too large or not JSON, so the next call starts on the next
//! message. When the length itself is unusable (missing, garbled, conflicting)
//! the body cannot be skipped; the reader then resynchronises on the next line
//! that carries a `Content-Length:` header, even when it is glued to the end of
//! the unread body.

mod header;
mod peek;

use std::io::{self, BufRead, Read, Write};

use serde::Serialize;
use serde_json::Value;

use header::{read_header_block, Length};
pub use peek::{peek_request, RequestHead};

/// How much of an oversized body is kept to find the request's `seq` and
/// `command` (the rest is skipped unread).
const PEEK_LEN: u64 = 64 * 1024;

/// Largest body accepted by default (64 MiB). DAP messages from an editor are
/// a few KiB; a huge length is a bug or garbage, and trusting it would let one
/// header make the adapter allocate without bound.
pub const MAX_BODY_LEN: usize = 64 * 1024 * 1024;

/// Longest header line kept (8 KiB); longer lines are discarded as they
/// stream past, so a newline-free flood cannot exhaust memory.
pub const MAX_HEADER_LINE: usize = 8 * 1024;

/// Most header lines in one block. Real clients send one or two; more means
/// the reader is looking at something that is not a header block.
pub const MAX_HEADER_LINES: usize = 64;

/// Which part of a message the stream ended in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Inside the header block.
    Header,
    /// Inside the body (fewer bytes than `Content-Length` arrived).
    Body,
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Part::Header => "header",
            Part::Body => "body",
        })
    }
}

/// One bad message; the stream stays usable and the next read may succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Malformed {
    /// The header block had no `Content-Length`.
    #[error("header block without Content-Length")]
    MissingContentLength,
    /// `Content-Length` was not a non-negative decimal integer.
    #[error("invalid Content-Length {0:?}")]
    InvalidContentLength(String),
    /// Two `Content-Length` headers with different values.
    #[error("conflicting Content-Length headers ({first} and {second})")]
    ConflictingContentLength {
        /// The first value seen.
        first: u64,
        /// The later, different value.
        second: u64,
    },
    /// The body is larger than the limit; it was skipped.
    #[error("message of {length} bytes exceeds the limit of {max} bytes")]
    TooLarge {
        /// The announced `Content-Length`.
        length: u64,
        /// The limit in force.
        max: usize,
    },
    /// A header line longer than [`MAX_HEADER_LINE`]; it was discarded.
    #[error("header line longer than {max} bytes")]
    HeaderTooLong {
        /// The limit in force.
        max: usize,
    },
    /// More than [`MAX_HEADER_LINES`] lines without a blank line.
    #[error("more than {max} header lines without a blank line")]
    TooManyHeaders {
        /// The limit in force.
        max: usize,
    },
    /// The body is not valid UTF-8.
    #[error("body is not valid UTF-8 (valid up to byte {valid_up_to})")]
    NotUtf8 {
        /// Length of the valid UTF-8 prefix.
        valid_up_to: usize,
    },
    /// The body is UTF-8 but not JSON.
    #[error("body is not JSON: {0}")]
    NotJson(String),
}

/// Why no message could be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The stream ended cleanly between messages: the session is over.
    #[error("the stream ended")]
    Closed,
    /// One message was malformed; keep reading.
    #[error("malformed message: {0}")]
    Malformed(#[from] Malformed),
    /// A request that could not be read whole (too large, or nested deeper
    /// than the parser allows) but whose `seq` and `command` could: answer
    /// it with an error response, then keep reading.
    #[error("rejected request {} {}: {problem}", head.seq, head.command)]
    Rejected {
        /// What identifies the request.
        head: RequestHead,
        /// Why it could not be read.
        problem: Malformed,
    },
    /// The stream ended inside a message: stop.
    #[error("the stream ended inside a message {0}")]
    Truncated(Part),
    /// The underlying stream failed: stop.
    #[error("I/O error: {0}")]
    Io(#[from] io::Error),
}

impl ReadError {
    /// True when the caller may read the next message from the same stream.
    pub fn is_recoverable(&self) -> bool {
        matches!(self, ReadError::Malformed(_) | ReadError::Rejected { .. })
    }
}

/// Why a message could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The value could not be turned into JSON (a programming error, e.g. a
    /// map with non-string keys); nothing was written.
    #[error("cannot serialize message: {0}")]
    Serialize(#[from] serde_json::Error),
    /// The stream failed; the peer is probably gone.
    #[error("I/O error: {0}")]
    Io(#[from] io::Error),
}

/// Reads one framed body with the default limit [`MAX_BODY_LEN`].
pub fn read_frame<R: BufRead + ?Sized>(reader: &mut R) -> Result<Vec<u8>, ReadError> {
    read_frame_with_limit(reader, MAX_BODY_LEN)
}

/// Reads one framed body, refusing (and skipping) bodies over `max_body` bytes.
pub fn read_frame_with_limit<R: BufRead + ?Sized>(
    reader: &mut R,
    max_body: usize,
) -> Result<Vec<u8>, ReadError> {
    let header = read_header_block(reader)?;
    let length = match header.length {
        Length::Valid(length) => length,
        Length::Missing => {
            return Err(header
                .first_error
                .unwrap_or(Malformed::MissingContentLength)
                .into())
        }
        Length::Unusable(error) => return Err(header.first_error.unwrap_or(error).into()),
    };
    if length > max_body as u64 {
        let mut head = Vec::new();
        let kept = (&mut *reader)
            .take(length.min(PEEK_LEN))
            .read_to_end(&mut head)? as u64;
        let skipped = io::copy(&mut (&mut *reader).take(length - kept), &mut io::sink())?;
        if kept + skipped < length {
            return Err(ReadError::Truncated(Part::Body));
        }
        let problem = Malformed::TooLarge {
            length,
            max: max_body,
        };
        return Err(match peek_request(&head) {
            Some(head) => ReadError::Rejected { head, problem },
            None => problem.into(),
        });
    }
    // Grow with the data actually received rather than trusting the header
    // for the allocation size.
    let mut body = Vec::with_capacity(length.min(64 * 1024) as usize);
    (&mut *reader).take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Err(ReadError::Truncated(Part::Body));
    }
    match header.first_error {
        Some(error) => Err(error.into()),
        None => Ok(body),
    }
}

/// Reads one message and parses its body as JSON (default size limit).
pub fn read_json<R: BufRead + ?Sized>(reader: &mut R) -> Result<Value, ReadError> {
    let body = read_frame(reader)?;
    parse_body(&body).map_err(|problem| match peek_request(&body) {
        Some(head) => ReadError::Rejected { head, problem },
        None => problem.into(),
    })
}

/// Parses a frame body, telling "not UTF-8" apart from "not JSON".
pub fn parse_body(body: &[u8]) -> Result<Value, Malformed> {
    let text = std::str::from_utf8(body).map_err(|e| Malformed::NotUtf8 {
        valid_up_to: e.valid_up_to(),
    })?;
    serde_json::from_str(text).map_err(|e| Malformed::NotJson(e.to_string()))
}

/// Writes one framed body and flushes, so the peer sees it at once.
///
/// Header and body go out in a single `write_all`, which keeps the frame in
/// one piece on unbuffered writers.
pub fn write_frame<W: Write + ?Sized>(writer: &mut W, body: &[u8]) -> io::Result<()> {
    let mut frame = Vec::with_capacity(body.len() + 32);
    frame.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    frame.extend_from_slice(body);
    writer.write_all(&frame)?;
    writer.flush()
}

/// Serializes `message` to JSON and writes it as one frame.
pub fn write_json<W: Write + ?Sized, T: Serialize + ?Sized>(
    writer: &mut W,
    message: &T,
) -> Result<(), WriteError> {
    let body = serde_json::to_vec(message)?;
    write_frame(writer, &body)?;
    Ok(())
}
