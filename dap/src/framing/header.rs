//! Parsing of the header block of a frame, line by line, with bounded memory.
//!
//! Kept apart from the frame logic because this is where malformed input is
//! absorbed: over-long lines, junk lines, glued bodies, conflicting lengths.

use std::io::{self, BufRead};

use super::{Malformed, Part, ReadError, MAX_HEADER_LINE, MAX_HEADER_LINES};

const CONTENT_LENGTH: &[u8] = b"content-length";

/// What the header block said about the body length.
pub(super) enum Length {
    Missing,
    Valid(u64),
    Unusable(Malformed),
}

pub(super) struct HeaderBlock {
    pub(super) length: Length,
    /// A problem seen in the block that does not prevent skipping the body.
    pub(super) first_error: Option<Malformed>,
}

pub(super) fn read_header_block<R: BufRead + ?Sized>(
    reader: &mut R,
) -> Result<HeaderBlock, ReadError> {
    let mut block = HeaderBlock {
        length: Length::Missing,
        first_error: None,
    };
    let mut line = Vec::new();
    let mut lines = 0usize;
    loop {
        match read_line(reader, &mut line)? {
            Line::Eof { partial } => {
                return Err(if lines == 0 && !partial {
                    ReadError::Closed
                } else {
                    ReadError::Truncated(Part::Header)
                });
            }
            Line::TooLong => {
                lines += 1;
                block.first_error.get_or_insert(Malformed::HeaderTooLong {
                    max: MAX_HEADER_LINE,
                });
            }
            Line::Complete => {
                if line.is_empty() {
                    if lines == 0 {
                        // Stray blank lines between messages carry nothing.
                        continue;
                    }
                    return Ok(block);
                }
                lines += 1;
                if let Some(value) = content_length_value(&line) {
                    block.length = merge_length(block.length, value);
                }
            }
        }
        if lines > MAX_HEADER_LINES {
            return Err(Malformed::TooManyHeaders {
                max: MAX_HEADER_LINES,
            }
            .into());
        }
    }
}

fn merge_length(current: Length, value: &[u8]) -> Length {
    let parsed = parse_length(value);
    match (current, parsed) {
        (Length::Unusable(e), _) => Length::Unusable(e),
        (_, Err(e)) => Length::Unusable(e),
        (Length::Missing, Ok(n)) => Length::Valid(n),
        (Length::Valid(first), Ok(second)) if first == second => Length::Valid(first),
        (Length::Valid(first), Ok(second)) => {
            Length::Unusable(Malformed::ConflictingContentLength { first, second })
        }
    }
}

fn parse_length(value: &[u8]) -> Result<u64, Malformed> {
    let trimmed = value.trim_ascii();
    let invalid = || Malformed::InvalidContentLength(String::from_utf8_lossy(trimmed).into_owned());
    if trimmed.is_empty() || !trimmed.iter().all(u8::is_ascii_digit) {
        return Err(invalid());
    }
    // All ASCII digits, so the only failure left is overflow.
    std::str::from_utf8(trimmed)
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .ok_or_else(invalid)
}

/// The value of a `Content-Length` header on this line, if it has one.
///
/// A line whose name is not a valid header token is not a header at all: it is
/// the tail of a body the reader could not skip. If such a line contains
/// `Content-Length:`, the next message's header was glued to it, and reading
/// from there resynchronises the stream.
fn content_length_value(line: &[u8]) -> Option<&[u8]> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = line[..colon].trim_ascii();
    if name.eq_ignore_ascii_case(CONTENT_LENGTH) {
        return Some(&line[colon + 1..]);
    }
    if !name.is_empty() && name.iter().all(|&b| is_token_byte(b)) {
        return None; // Some other header, e.g. Content-Type: ignored.
    }
    let start = find_last_ignore_case(line, b"content-length:")?;
    Some(&line[start + CONTENT_LENGTH.len() + 1..])
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

enum Line {
    /// A whole line, without its `\n` or `\r\n`, is in the buffer.
    Complete,
    /// The line was longer than [`MAX_HEADER_LINE`] and was discarded.
    TooLong,
    /// End of stream; `partial` when some bytes of a line had arrived.
    Eof { partial: bool },
}

/// Reads one line into `line`, keeping at most [`MAX_HEADER_LINE`] bytes.
fn read_line<R: BufRead + ?Sized>(reader: &mut R, line: &mut Vec<u8>) -> io::Result<Line> {
    line.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(Line::Eof { partial: any });
        }
        any = true;
        let newline = available.iter().position(|&b| b == b'\n');
        let taken = newline.map_or(available.len(), |i| i + 1);
        if !too_long {
            if line.len() + taken > MAX_HEADER_LINE + 2 {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(&available[..taken]);
            }
        }
        reader.consume(taken);
        if newline.is_some() {
            if too_long {
                return Ok(Line::TooLong);
            }
            line.pop(); // the '\n'
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Line::Complete);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lengths_strictly() {
        assert_eq!(parse_length(b" 42 "), Ok(42));
        assert!(parse_length(b"-1").is_err());
        assert!(parse_length(b"+1").is_err());
        assert!(parse_length(b"4 2").is_err());
        assert!(parse_length(b"").is_err());
        assert!(parse_length(b"99999999999999999999999").is_err());
    }

    #[test]
    fn finds_glued_content_length() {
        assert_eq!(
            content_length_value(b"{\"a\":1}Content-Length: 12"),
            Some(&b" 12"[..])
        );
        assert_eq!(content_length_value(b"Content-Type: text"), None);
        assert_eq!(content_length_value(b"CONTENT-LENGTH:3"), Some(&b"3"[..]));
        assert_eq!(content_length_value(b"no colon here"), None);
    }
}
