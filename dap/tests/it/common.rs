//! Helpers shared by the integration tests: wrap bodies in stamped envelopes
//! the way the adapter sends them, and check them against the schema.
#![allow(dead_code)]

use dap::schema::validate_message;
use dap::{Event, Outgoing, Request, Response};
use serde::Serialize;
use serde_json::Value;

/// A request as a client would send it.
pub fn request(command: &str, arguments: Value) -> Request {
    Request::new(5, command, arguments)
}

/// The JSON of a stamped message, as it would go on the wire.
pub fn wire(message: impl Into<Outgoing>) -> Value {
    let mut message = message.into();
    message.set_seq(12);
    serde_json::to_value(&message).expect("messages serialize")
}

/// A success response to `command` carrying `body`, as JSON.
pub fn response<B: Serialize>(command: &str, body: B) -> Value {
    wire(Response::ok(&request(command, Value::Null), body))
}

/// An event as JSON.
pub fn event(e: Event) -> Value {
    wire(e)
}

/// Asserts `message` is valid, printing every error otherwise.
#[track_caller]
pub fn valid(message: &Value) {
    if let Err(errors) = validate_message(message) {
        panic!("expected valid:\n  {}\n{message:#}", errors.join("\n  "));
    }
}

/// Asserts `message` is invalid and returns the errors.
#[track_caller]
pub fn invalid(message: &Value) -> Vec<String> {
    match validate_message(message) {
        Ok(()) => panic!("expected invalid: {message:#}"),
        Err(errors) => errors,
    }
}
