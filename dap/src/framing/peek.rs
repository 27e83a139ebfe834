//! Reading `seq` and `command` of a request whose body cannot be parsed as a
//! whole: nested deeper than the JSON parser allows, or larger than the
//! body limit (then only its first bytes are kept). The client is owed an
//! error response for such a request, and the response needs these two.
//!
//! The scan looks only at the members of the top-level object and skips
//! every other value by counting brackets, so it never recurses and its
//! cost is linear in the bytes it looks at. It gives up (None) on anything
//! it does not understand: then the message is only logged, as before.

/// What identifies a request in its response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead {
    /// The request's `seq`.
    pub seq: i64,
    /// The request's `command`.
    pub command: String,
}

/// `seq` and `command` of a body that starts as a DAP request object
/// (`"type": "request"`), found before the body ends or is cut.
pub fn peek_request(body: &[u8]) -> Option<RequestHead> {
    let mut i = skip_space(body, 0);
    if body.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    let (mut seq, mut command, mut is_request) = (None, None, false);
    while seq.is_none() || command.is_none() || !is_request {
        i = skip_space(body, i);
        match body.get(i)? {
            b',' => {
                i += 1;
                continue;
            }
            b'"' => {}
            _ => return None,
        }
        let (key, after) = string_at(body, i)?;
        i = skip_space(body, after);
        if body.get(i)? != &b':' {
            return None;
        }
        i = skip_space(body, i + 1);
        i = match key.as_str() {
            "seq" => {
                let (value, after) = integer_at(body, i)?;
                seq = Some(value);
                after
            }
            "command" | "type" if body.get(i) == Some(&b'"') => {
                let (value, after) = string_at(body, i)?;
                if key == "type" {
                    if value != "request" {
                        return None;
                    }
                    is_request = true;
                } else {
                    command = Some(value);
                }
                after
            }
            _ => skip_value(body, i)?,
        };
    }
    Some(RequestHead {
        seq: seq?,
        command: command?,
    })
}

fn skip_space(body: &[u8], mut i: usize) -> usize {
    while matches!(body.get(i), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        i += 1;
    }
    i
}

/// The index just past the string that opens at `i`.
fn string_end(body: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match *body.get(j)? {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
}

/// The string that opens at `i`, unescaped, and the index past it.
fn string_at(body: &[u8], i: usize) -> Option<(String, usize)> {
    let end = string_end(body, i)?;
    let text = serde_json::from_slice(&body[i..end]).ok()?;
    Some((text, end))
}

/// An integer that starts at `i` (as the full parser would accept for
/// `seq`), and the index past it.
fn integer_at(body: &[u8], i: usize) -> Option<(i64, usize)> {
    let mut end = i;
    while matches!(body.get(end), Some(b'-' | b'0'..=b'9')) {
        end += 1;
    }
    // A cut body may end inside the number: only a delimiter proves it whole.
    if !matches!(body.get(skip_space(body, end))?, b',' | b'}') {
        return None;
    }
    let value = std::str::from_utf8(&body[i..end]).ok()?.parse().ok()?;
    Some((value, end))
}

/// The index just past the value that starts at `i`, whatever its nesting.
fn skip_value(body: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        match *body.get(i)? {
            b'"' => {
                i = string_end(body, i)?;
                if depth == 0 {
                    return Some(i);
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return Some(i),
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b',' if depth == 0 => return Some(i),
            _ => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(seq: i64, command: &str) -> Option<RequestHead> {
        Some(RequestHead {
            seq,
            command: command.to_owned(),
        })
    }

    #[test]
    fn finds_seq_and_command_past_deep_arguments() {
        let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let body = format!(
            r#"{{"arguments": {{"x": {deep}, "s": "a\"}}b"}}, "seq": 7, "type": "request", "command": "threads"}}"#
        );
        assert_eq!(peek_request(body.as_bytes()), head(7, "threads"));
    }

    #[test]
    fn reads_a_cut_body_when_the_head_comes_first() {
        let body = br#"{"seq": 12, "type": "request", "command": "evalu\u0061te", "arguments": {"expression": "xxxxx"#;
        assert_eq!(peek_request(body), head(12, "evaluate"));
    }

    #[test]
    fn gives_up_on_what_is_not_a_readable_request() {
        for body in [
            &br#"{"seq": 3, "type": "event", "command": "x"}"#[..],
            br#"{"seq": "3", "type": "request", "command": "x"}"#,
            br#"{"seq": 1.5, "type": "request", "command": "x"}"#,
            br#"{"type": "request", "command": "x", "seq": 4"#,
            br#"[{"seq": 3, "type": "request", "command": "x"}]"#,
            br#"{"seq": 3, "type": "request"}"#,
            b"",
            b"not json",
        ] {
            assert_eq!(
                peek_request(body),
                None,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
