//! Sending to the client from any thread: responses, events, output.
//!
//! One [`dap::Sender`] numbers and writes every message, so `seq` follows the
//! order on the wire whether the server thread or the VM thread sends.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use dap::types::OutputEventBody;
use dap::{Event, EventBody, Outgoing, Request, Response};
use serde::Serialize;

use super::conventions::ClientConventions;
use super::log::dlog;

/// A cheap, cloneable handle on the connection's writer.
#[derive(Clone)]
pub struct Client {
    sender: Arc<dap::Sender<Box<dyn Write + Send>>>,
    /// The client's lines, columns and paths, applied to every message sent.
    conventions: Arc<Mutex<ClientConventions>>,
}

impl Client {
    pub fn new(writer: Box<dyn Write + Send>) -> Client {
        Client {
            sender: Arc::new(dap::Sender::new(writer)),
            conventions: Arc::default(),
        }
    }

    /// The client's conventions (the defaults before `initialize`).
    pub fn conventions(&self) -> ClientConventions {
        *self
            .conventions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// What `initialize` said, for every message sent from now on.
    pub fn set_conventions(&self, conventions: ClientConventions) {
        *self
            .conventions
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = conventions;
    }

    /// Sends a message in the client's conventions; a failure (the client
    /// went away) is logged, and the reader notices the closed connection on
    /// its side.
    pub fn send(&self, message: impl Into<Outgoing>) {
        let mut message = message.into();
        self.conventions().outgoing(&mut message);
        if let Err(e) = self.sender.send(message) {
            dlog!("cannot send a message: {e}");
        }
    }

    /// A success response with `body` (`()` for none).
    pub fn ok<B: Serialize>(&self, request: &Request, body: B) {
        self.send(Response::ok(request, body));
    }

    /// An error response whose text the user sees.
    pub fn error(&self, request: &Request, message: impl Into<String>) {
        self.send(Response::error(request, message));
    }

    /// A standard event with its typed body.
    pub fn event<B: EventBody>(&self, body: &B) {
        self.send(Event::of(body));
    }

    /// An `output` event in `category` (`stdout`, `stderr`, `console`);
    /// nothing for empty text (`io.write("")`).
    pub fn output(&self, category: &str, text: impl Into<String>) {
        let output = text.into();
        if output.is_empty() {
            return;
        }
        self.event(&OutputEventBody {
            category: Some(category.to_owned()),
            output,
            ..OutputEventBody::default()
        });
    }
}
