//! The DAP envelope: requests in, responses and events out.
//!
//! Requests are parsed generically (`command` plus raw `arguments`) rather
//! than into one enum of known commands, so an unknown or custom command still
//! yields its `seq` and can be answered with an error response; the typed
//! arguments are pulled out afterwards with [`crate::parse_args`]. Bodies of
//! outgoing messages are plain JSON values, so custom events and responses of
//! custom requests need no special support.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::types::Message;

/// `body.error.id` of error responses built by [`Response::error`].
pub const GENERIC_ERROR_ID: i64 = 1;

/// A request from the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// Sequence number of the request; responses echo it as `request_seq`.
    pub seq: i64,
    /// The command, known to this crate or not.
    pub command: String,
    /// The raw arguments; [`Value::Null`] when the client sent none.
    pub arguments: Value,
}

/// An incoming message that is not a usable request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IncomingError {
    /// The message is not a JSON object.
    #[error("message is not a JSON object")]
    NotAnObject,
    /// `seq` is missing or not an integer.
    #[error("message has no integer `seq`")]
    MissingSeq,
    /// A response, an event or a message of unknown `type`. The message is
    /// kept so the caller can still use it (e.g. the answer to a reverse
    /// request).
    #[error("expected a request, got a message of type {kind:?}")]
    NotARequest {
        /// The `type` field, or empty if missing or not a string.
        kind: String,
        /// The message's `seq`.
        seq: i64,
        /// The whole message.
        message: Box<Value>,
    },
    /// A request without a string `command`.
    #[error("request {seq} has no string `command`")]
    MissingCommand {
        /// The request's `seq`, so it can be answered.
        seq: i64,
    },
}

impl IncomingError {
    /// The `seq` of the offending message, when it had one.
    pub fn seq(&self) -> Option<i64> {
        match self {
            IncomingError::NotAnObject | IncomingError::MissingSeq => None,
            IncomingError::NotARequest { seq, .. } | IncomingError::MissingCommand { seq } => {
                Some(*seq)
            }
        }
    }
}

impl Request {
    /// Builds a request, e.g. for a test client.
    pub fn new(seq: i64, command: impl Into<String>, arguments: Value) -> Self {
        Request {
            seq,
            command: command.into(),
            arguments,
        }
    }

    /// Interprets a parsed message as a request.
    pub fn from_value(message: Value) -> Result<Self, IncomingError> {
        let Value::Object(mut object) = message else {
            return Err(IncomingError::NotAnObject);
        };
        let seq = object
            .get("seq")
            .and_then(Value::as_i64)
            .ok_or(IncomingError::MissingSeq)?;
        let kind = object.get("type").and_then(Value::as_str).unwrap_or("");
        if kind != "request" {
            return Err(IncomingError::NotARequest {
                kind: kind.to_owned(),
                seq,
                message: Box::new(Value::Object(object)),
            });
        }
        let command = match object.remove("command") {
            Some(Value::String(command)) => command,
            _ => return Err(IncomingError::MissingCommand { seq }),
        };
        let arguments = object.remove("arguments").unwrap_or(Value::Null);
        Ok(Request {
            seq,
            command,
            arguments,
        })
    }

    /// Parses the typed arguments of this request; see [`crate::parse_args`].
    pub fn args<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        crate::parse_args(self)
    }
}

impl Serialize for Request {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let with_args = !self.arguments.is_null();
        let mut s = serializer.serialize_struct("Request", 3 + usize::from(with_args))?;
        s.serialize_field("seq", &self.seq)?;
        s.serialize_field("type", "request")?;
        s.serialize_field("command", &self.command)?;
        if with_args {
            s.serialize_field("arguments", &self.arguments)?;
        }
        s.end()
    }
}

/// Forces `"type": "response"` on the wire and when parsing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
enum ResponseTag {
    #[default]
    #[serde(rename = "response")]
    Response,
}

/// Forces `"type": "event"` on the wire and when parsing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
enum EventTag {
    #[default]
    #[serde(rename = "event")]
    Event,
}

/// A response to a request.
///
/// `seq` is 0 until the message is sent: [`crate::Sender`] stamps it, so that
/// sequence numbers follow the order of the messages on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// Sequence number of this message (0 = not stamped yet).
    pub seq: i64,
    #[serde(rename = "type")]
    tag: ResponseTag,
    /// `seq` of the request answered.
    pub request_seq: i64,
    /// Whether the request succeeded.
    pub success: bool,
    /// The command of the request answered.
    pub command: String,
    /// Short raw error (for `success: false`), e.g. `cancelled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Result of the request, or error details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

impl Response {
    /// A success response carrying `body`; `()` or `None` means no body.
    ///
    /// Should `body` fail to serialize (a bug, e.g. a map with non-string
    /// keys), the client gets an error response saying so instead of a
    /// silently wrong answer, and the adapter does not panic.
    pub fn ok<B: Serialize>(request: &Request, body: B) -> Response {
        match serde_json::to_value(body) {
            Ok(value) => Response {
                seq: 0,
                tag: ResponseTag::Response,
                request_seq: request.seq,
                success: true,
                command: request.command.clone(),
                message: None,
                body: (!value.is_null()).then_some(value),
            },
            Err(e) => Response::error(
                request,
                format!("internal error: cannot serialize the response: {e}"),
            ),
        }
    }

    /// An error response whose text VS Code shows to the user.
    ///
    /// The text goes both in `message` and in `body.error` (a DAP `Message`
    /// with `showUser: true`): clients differ in which one they display.
    pub fn error(request: &Request, message: impl Into<String>) -> Response {
        Response::error_for(request.seq, request.command.clone(), message)
    }

    /// An error response for a request that could not be fully parsed, e.g.
    /// one without `command` (pass an empty command).
    pub fn error_for(
        request_seq: i64,
        command: impl Into<String>,
        message: impl Into<String>,
    ) -> Response {
        let text = message.into();
        let error = Message {
            id: GENERIC_ERROR_ID,
            format: text,
            show_user: Some(true),
            ..Message::default()
        };
        Response::error_with(request_seq, command, error)
    }

    /// An error response with a fully specified DAP `Message` (own id,
    /// `showUser: false`, variables, url...).
    pub fn error_with(request_seq: i64, command: impl Into<String>, error: Message) -> Response {
        let mut body = Map::new();
        let short = error.format.clone();
        // A `Message` is plain data with string keys: it always serializes.
        if let Ok(value) = serde_json::to_value(error) {
            body.insert("error".to_owned(), value);
        }
        Response {
            seq: 0,
            tag: ResponseTag::Response,
            request_seq,
            success: false,
            command: command.into(),
            message: Some(short),
            body: Some(Value::Object(body)),
        }
    }
}

/// Names the event a typed event body belongs to, so [`Event::of`] cannot pair
/// a body with the wrong event name.
pub trait EventBody: Serialize {
    /// The `event` field, e.g. `"stopped"`.
    const EVENT: &'static str;
}

/// An event sent by the adapter, standard or custom.
///
/// Like [`Response`], `seq` is stamped when sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Sequence number of this message (0 = not stamped yet).
    pub seq: i64,
    #[serde(rename = "type")]
    tag: EventTag,
    /// Event name; any string, so custom events need nothing special.
    pub event: String,
    /// Event-specific data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

impl Event {
    /// An event without a body, e.g. `initialized`.
    pub fn new(event: impl Into<String>) -> Event {
        Event {
            seq: 0,
            tag: EventTag::Event,
            event: event.into(),
            body: None,
        }
    }

    /// An event with an already built JSON body (custom events).
    pub fn with_value(event: impl Into<String>, body: Value) -> Event {
        Event {
            body: Some(body),
            ..Event::new(event)
        }
    }

    /// An event with any serializable body.
    pub fn try_with<B: Serialize + ?Sized>(
        event: impl Into<String>,
        body: &B,
    ) -> Result<Event, serde_json::Error> {
        Ok(Event::with_value(event, serde_json::to_value(body)?))
    }

    /// A standard event from its typed body, e.g.
    /// `Event::of(&StoppedEventBody { .. })`.
    ///
    /// The typed bodies of this crate are plain data and always serialize;
    /// were one to fail, the event goes out without a body rather than
    /// panicking.
    pub fn of<B: EventBody>(body: &B) -> Event {
        Event {
            body: serde_json::to_value(body).ok().filter(|v| !v.is_null()),
            ..Event::new(B::EVENT)
        }
    }
}

/// Anything the adapter sends.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Outgoing {
    /// A response.
    Response(Response),
    /// An event.
    Event(Event),
    /// A reverse request (adapter -> client), e.g. `runInTerminal`.
    Request(Request),
}

impl Outgoing {
    /// Sets the sequence number.
    pub fn set_seq(&mut self, seq: i64) {
        match self {
            Outgoing::Response(r) => r.seq = seq,
            Outgoing::Event(e) => e.seq = seq,
            Outgoing::Request(r) => r.seq = seq,
        }
    }
}

impl From<Response> for Outgoing {
    fn from(r: Response) -> Self {
        Outgoing::Response(r)
    }
}

impl From<Request> for Outgoing {
    fn from(r: Request) -> Self {
        Outgoing::Request(r)
    }
}

impl From<Event> for Outgoing {
    fn from(e: Event) -> Self {
        Outgoing::Event(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_command_keeps_seq() {
        let r = Request::from_value(json!({"seq": 7, "type": "request", "command": "frobnicate"}));
        let r = r.expect("a request");
        assert_eq!((r.seq, r.command.as_str()), (7, "frobnicate"));
        assert!(r.arguments.is_null());
        let answer = Response::error(&r, "unknown command");
        assert_eq!(answer.request_seq, 7);
        assert!(!answer.success);
    }

    #[test]
    fn rejects_non_requests_with_seq() {
        let e = Request::from_value(json!({"seq": 3, "type": "event", "event": "x"}));
        assert!(
            matches!(e, Err(IncomingError::NotARequest { seq: 3, ref kind, .. }) if kind == "event")
        );
        let e = Request::from_value(json!({"seq": 4, "type": "request"}));
        assert_eq!(e, Err(IncomingError::MissingCommand { seq: 4 }));
        assert_eq!(e.unwrap_err().seq(), Some(4));
        let e = Request::from_value(json!({"type": "request", "command": "x"}));
        assert_eq!(e, Err(IncomingError::MissingSeq));
        let e = Request::from_value(json!({"seq": "1", "type": "request", "command": "x"}));
        assert_eq!(e, Err(IncomingError::MissingSeq));
        assert_eq!(
            Request::from_value(json!([1])),
            Err(IncomingError::NotAnObject)
        );
    }

    #[test]
    fn ok_without_body_has_no_body_field() {
        let r = Request::new(1, "next", Value::Null);
        let v = serde_json::to_value(Response::ok(&r, ())).expect("json");
        assert!(v.get("body").is_none());
        assert_eq!(v["type"], "response");
    }

    #[test]
    fn response_parses_back_and_checks_type() {
        let r = Request::new(2, "threads", Value::Null);
        let text = serde_json::to_string(&Response::ok(&r, json!({"threads": []}))).expect("json");
        let back: Response = serde_json::from_str(&text).expect("parse");
        assert_eq!(back.request_seq, 2);
        let wrong = text.replace("\"response\"", "\"event\"");
        assert!(serde_json::from_str::<Response>(&wrong).is_err());
    }
}
