//! Typed request arguments, with errors a user can act on.
//!
//! A launch configuration is typed by hand in `launch.json`, and the error of
//! a failed request is shown in VS Code, so the message names the request and
//! the exact field (`breakpoints[0].line`), not just "invalid type".

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::message::Request;

/// Parses `request.arguments` into `T`.
///
/// Missing or `null` arguments count as `{}`, so requests whose fields are all
/// optional (`disconnect`, `configurationDone`...) need not send any. Unknown
/// fields are ignored: clients add their own (VS Code adds `__sessionId`).
///
/// The error reads like
/// `invalid arguments for 'setBreakpoints': field 'breakpoints[0].line': invalid type: string "x", expected i64`
/// or `invalid arguments for 'launch': missing field 'program'`.
pub fn parse_args<T: DeserializeOwned>(request: &Request) -> Result<T, String> {
    let empty = Value::Object(Map::new());
    let arguments = match &request.arguments {
        Value::Null => &empty,
        object @ Value::Object(_) => object,
        other => {
            return Err(format!(
                "invalid arguments for '{}': expected an object, got {}",
                request.command,
                kind_of(other)
            ))
        }
    };
    serde_path_to_error::deserialize(arguments).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        describe(&request.command, &path, &inner)
    })
}

fn describe(command: &str, path: &str, error: &str) -> String {
    // serde reports a missing field at its parent's path; fold the name into
    // the path so the user sees the whole location at once.
    if let Some(rest) = error.strip_prefix("missing field `") {
        if let Some(name) = rest.strip_suffix('`') {
            let full = if path == "." {
                name.to_owned()
            } else {
                format!("{path}.{name}")
            };
            return format!("invalid arguments for '{command}': missing field '{full}'");
        }
    }
    if path == "." {
        format!("invalid arguments for '{command}': {error}")
    } else {
        format!("invalid arguments for '{command}': field '{path}': {error}")
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
