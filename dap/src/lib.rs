//! Debug Adapter Protocol messages for lua-snapshot.
//!
//! The project defines its own messages instead of using the `dap` crate of
//! crates.io, which cannot receive custom requests (an unknown command fails
//! to parse and its `seq` is lost), cannot send custom events, misspells
//! `sourceReference` and drops `hitCondition`/`logMessage`.
//!
//! - [`framing`]: `Content-Length` framing, robust to malformed input;
//! - [`message`]: requests in (any command), responses and events out;
//! - [`types`]: typed arguments and bodies, standard and custom;
//! - [`parse_args`]: typed arguments with user-readable errors;
//! - [`Sender`]/[`SeqCounter`]: numbered, thread-safe output;
//! - `schema` (feature `schema`, for tests): validation against the official
//!   JSON schema.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod args;
pub mod framing;
pub mod message;
#[cfg(feature = "schema")]
pub mod schema;
mod sender;
mod seq;
pub mod types;

pub use args::parse_args;
pub use message::{Event, EventBody, IncomingError, Outgoing, Request, Response};
pub use sender::Sender;
pub use seq::SeqCounter;
