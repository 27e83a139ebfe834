//! The protocol crate's integration tests, one program: framing, argument
//! parsing, and the schema checks of every message type.

mod common;

mod framing;
mod parse_args;
mod schema_events;
mod schema_negative;
mod schema_requests;
mod schema_responses;
mod sender;
mod snapshot_requests;
