//! The client's conventions for lines, columns and paths (`initialize`:
//! `linesStartAt1`, `columnsStartAt1`, `pathFormat`), applied at the
//! server's boundary and nowhere else.
//!
//! Inside the adapter, lines and columns are 1-based and paths are file
//! system paths, whichever thread builds a message. Every request is put
//! into those terms once, as it is read ([`ClientConventions::incoming`]),
//! and every response and event into the client's as it is sent
//! ([`ClientConventions::outgoing`], from `client.rs`), by the fields the
//! protocol gives those values: `line`/`column`/`endLine`/`endColumn` and
//! `source.path` of frames, scopes, breakpoints, output and loaded sources;
//! and, in the snapshot requests, `stoppedAt` and `location` (lines and
//! paths) and `exportSnapshot`'s `path`; `completions`' `line`, `column`
//! and its targets' `start`. LSP diagnostics keep LSP's own
//! convention (0-based, URIs) whatever the client said. Text (messages,
//! Lua's `file:line` in errors and tracebacks) is left as Lua writes it.
//!
//! With the defaults (1-based, paths) nothing is converted.
//!
//! `launch`'s `program` and `cwd` are arguments, not protocol paths: a path
//! or a `file://` URI, whatever `pathFormat` is.

use std::path::Path;

use dap::types::InitializeRequestArguments;
use dap::{Outgoing, Request};
use serde_json::Value;
use snapshot::uri::{file_path, file_uri};

/// What the client said in `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientConventions {
    pub lines_start_at_1: bool,
    pub columns_start_at_1: bool,
    /// Paths are `file://` URIs (`pathFormat: "uri"`).
    pub uri_paths: bool,
}

impl Default for ClientConventions {
    fn default() -> Self {
        ClientConventions {
            lines_start_at_1: true,
            columns_start_at_1: true,
            uri_paths: false,
        }
    }
}

/// Where lines, columns and sources sit in a message body: `one` for a
/// single object at that key, `many` for an array of objects.
enum Place {
    Body,
    One(&'static str),
    Many(&'static str),
}

/// Outgoing messages whose bodies hold protocol positions (lines, columns,
/// `source`), by command or event name.
const POSITIONS: &[(&str, Place)] = &[
    ("stackTrace", Place::Many("stackFrames")),
    ("scopes", Place::Many("scopes")),
    ("setBreakpoints", Place::Many("breakpoints")),
    ("breakpoint", Place::One("breakpoint")),
    ("output", Place::Body),
    ("loadedSource", Place::Body),
    ("loadedSources", Place::Many("sources")),
];

impl ClientConventions {
    pub fn from_initialize(args: &InitializeRequestArguments) -> Self {
        ClientConventions {
            lines_start_at_1: args.lines_start_at_1.unwrap_or(true),
            columns_start_at_1: args.columns_start_at_1.unwrap_or(true),
            uri_paths: args.path_format.as_deref() == Some("uri"),
        }
    }

    fn is_default(&self) -> bool {
        *self == ClientConventions::default()
    }

    /// Puts `request`'s arguments into the adapter's terms (1-based, file
    /// system paths); an error names the argument the adapter cannot use.
    pub fn incoming(&self, request: &mut Request) -> Result<(), String> {
        let args = &mut request.arguments;
        match request.command.as_str() {
            "launch" => launch_paths(args),
            "restart" => launch_paths(args.get_mut("arguments").unwrap_or(&mut Value::Null)),
            _ if self.is_default() => Ok(()),
            "setBreakpoints" => {
                if let Some(source) = args.get_mut("source") {
                    self.source_in(source)?;
                }
                for bp in array(args, "breakpoints") {
                    self.position_in(bp);
                }
                for line in array(args, "lines") {
                    self.line_in(line);
                }
                Ok(())
            }
            "completions" => {
                if let Some(line) = args.get_mut("line") {
                    self.line_in(line);
                }
                if let Some(column) = args.get_mut("column") {
                    self.column_in(column);
                }
                Ok(())
            }
            "source" => match args.get_mut("source") {
                Some(source) => self.source_in(source),
                None => Ok(()),
            },
            "exportSnapshot" => match args.get_mut("path") {
                Some(path) => self.path_in(path),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// Puts a response or event built in the adapter's terms into the
    /// client's.
    pub fn outgoing(&self, message: &mut Outgoing) {
        if self.is_default() {
            return;
        }
        let (name, body) = match message {
            Outgoing::Response(r) => (r.command.as_str(), r.body.as_mut()),
            Outgoing::Event(e) => (e.event.as_str(), e.body.as_mut()),
            // `runInTerminal`'s `cwd` is a path for the terminal, not a
            // source.
            Outgoing::Request(_) => return,
        };
        let Some(body) = body else {
            return;
        };
        if let Some((_, place)) = POSITIONS.iter().find(|(n, _)| *n == name) {
            match place {
                Place::Body => self.position_out(body),
                Place::One(key) => {
                    if let Some(item) = body.get_mut(*key) {
                        self.position_out(item);
                    }
                }
                Place::Many(key) => {
                    for item in array(body, key) {
                        self.position_out(item);
                    }
                }
            }
            return;
        }
        match name {
            "takeSnapshot" => self.location_out(body.get_mut("stoppedAt")),
            "listSnapshots" => {
                for snapshot in array(body, "snapshots") {
                    self.location_out(snapshot.get_mut("stoppedAt"));
                }
            }
            "diffSnapshots" | "snapshotDiff" => {
                for object in array(body, "added") {
                    self.location_out(object.get_mut("location"));
                }
            }
            "exportSnapshot" => {
                if let Some(path) = body.get_mut("path") {
                    self.path_out(path);
                }
            }
            "completions" => {
                for target in array(body, "targets") {
                    if let Some(start) = target.get_mut("start") {
                        self.column_out(start);
                    }
                }
            }
            _ => {}
        }
    }

    fn line_in(&self, line: &mut Value) {
        shift(line, if self.lines_start_at_1 { 0 } else { 1 });
    }

    fn line_out(&self, line: &mut Value) {
        shift(line, if self.lines_start_at_1 { 0 } else { -1 });
    }

    fn column_in(&self, column: &mut Value) {
        shift(column, if self.columns_start_at_1 { 0 } else { 1 });
    }

    fn column_out(&self, column: &mut Value) {
        shift(column, if self.columns_start_at_1 { 0 } else { -1 });
    }

    /// A request's breakpoint: its line and column.
    fn position_in(&self, item: &mut Value) {
        if let Some(line) = item.get_mut("line") {
            self.line_in(line);
        }
        if let Some(column) = item.get_mut("column") {
            self.column_in(column);
        }
    }

    /// A frame, scope, breakpoint, output or loaded source: its lines,
    /// columns and `source.path` (a `Source` itself has `path`).
    fn position_out(&self, item: &mut Value) {
        for key in ["line", "endLine"] {
            if let Some(line) = item.get_mut(key) {
                self.line_out(line);
            }
        }
        for key in ["column", "endColumn"] {
            if let Some(column) = item.get_mut(key) {
                self.column_out(column);
            }
        }
        if let Some(source) = item.get_mut("source") {
            self.source_out(source);
        } else if item.get("path").is_some() && item.get("line").is_none() {
            self.source_out(item); // a `Source` (loaded sources)
        }
    }

    /// `stoppedAt` or `location` of the snapshot requests: `{path, line}`.
    fn location_out(&self, location: Option<&mut Value>) {
        let Some(location) = location.filter(|l| l.is_object()) else {
            return;
        };
        if let Some(line) = location.get_mut("line") {
            self.line_out(line);
        }
        if let Some(path) = location.get_mut("path") {
            self.path_out(path);
        }
    }

    fn source_in(&self, source: &mut Value) -> Result<(), String> {
        match source.get_mut("path") {
            Some(path) => self.path_in(path),
            None => Ok(()),
        }
    }

    fn source_out(&self, source: &mut Value) {
        if let Some(path) = source.get_mut("path") {
            self.path_out(path);
        }
    }

    fn path_in(&self, path: &mut Value) -> Result<(), String> {
        if !self.uri_paths {
            return Ok(());
        }
        if let Value::String(text) = path {
            *text = path_of(text)?;
        }
        Ok(())
    }

    fn path_out(&self, path: &mut Value) {
        if !self.uri_paths {
            return;
        }
        if let Value::String(text) = path {
            let absolute = std::path::absolute(Path::new(text.as_str()))
                .unwrap_or_else(|_| Path::new(text.as_str()).to_path_buf());
            *text = file_uri(&absolute);
        }
    }
}

/// The path a client gave: a `file://` URI decoded, a plain path as it is,
/// any other URI an error.
pub fn path_of(text: &str) -> Result<String, String> {
    if text.starts_with("file:") {
        return file_path(text)
            .map(|p| p.to_string_lossy().into_owned())
            .ok_or_else(|| format!("'{text}' is not a valid file:// URI"));
    }
    match uri_scheme(text) {
        Some(scheme) => Err(format!(
            "'{text}' is a {scheme}: URI; only file:// URIs and paths name files"
        )),
        None => Ok(text.to_owned()),
    }
}

/// The scheme of a URI (`scheme:` with two or more letters, so that a
/// Windows drive `C:` is a path).
fn uri_scheme(text: &str) -> Option<&str> {
    let (scheme, _) = text.split_once(':')?;
    let valid = scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// `program` and `cwd` of launch arguments: a path or a `file://` URI.
fn launch_paths(args: &mut Value) -> Result<(), String> {
    for key in ["program", "cwd"] {
        if let Some(Value::String(text)) = args.get_mut(key) {
            *text = path_of(text).map_err(|e| format!("launch: '{key}': {e}"))?;
        }
    }
    Ok(())
}

/// The elements of the array at `key` of `value` (none if it is not one).
fn array<'a>(value: &'a mut Value, key: &str) -> impl Iterator<Item = &'a mut Value> {
    value
        .get_mut(key)
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
}

/// Adds `by` to an integer, keeping 0-based values at 0 or more (a frame
/// without a line, line 0, stays the first line).
fn shift(value: &mut Value, by: i64) {
    if by == 0 {
        return;
    }
    if let Some(n) = value.as_i64() {
        *value = Value::from(n.saturating_add(by).max(0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn zero_based_uris() -> ClientConventions {
        ClientConventions {
            lines_start_at_1: false,
            columns_start_at_1: false,
            uri_paths: true,
        }
    }

    #[test]
    fn requests_come_in_one_based_with_paths() {
        let mut request = Request {
            seq: 1,
            command: "setBreakpoints".into(),
            arguments: json!({"source": {"path": "file:///tmp/a%20b.lua"},
                              "breakpoints": [{"line": 0, "column": 0}], "lines": [4]}),
        };
        zero_based_uris().incoming(&mut request).unwrap();
        assert_eq!(
            request.arguments,
            json!({"source": {"path": "/tmp/a b.lua"},
                   "breakpoints": [{"line": 1, "column": 1}], "lines": [5]})
        );
    }

    #[test]
    fn other_uris_are_rejected_and_launch_takes_both() {
        let mut request = Request {
            seq: 1,
            command: "setBreakpoints".into(),
            arguments: json!({"source": {"path": "https://x/a.lua"}}),
        };
        let e = zero_based_uris().incoming(&mut request).unwrap_err();
        assert!(e.contains("https"), "{e}");
        let mut launch = Request {
            seq: 2,
            command: "launch".into(),
            arguments: json!({"program": "file:///tmp/x.lua", "cwd": "/tmp"}),
        };
        ClientConventions::default().incoming(&mut launch).unwrap();
        assert_eq!(
            launch.arguments,
            json!({"program": "/tmp/x.lua", "cwd": "/tmp"})
        );
        assert_eq!(path_of("C:\\x.lua").unwrap(), "C:\\x.lua");
    }
}
