//! Framing: round trips, and every kind of malformed input the reader must
//! survive (or stop on cleanly) without panicking.

use std::io::{self, BufRead, BufReader, Cursor, Read};

use dap::framing::{
    read_frame, read_frame_with_limit, read_json, write_frame, write_json, Malformed, Part,
    ReadError, MAX_HEADER_LINES,
};
use serde_json::{json, Value};

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn stream(parts: &[&[u8]]) -> Cursor<Vec<u8>> {
    Cursor::new(parts.concat())
}

fn malformed(result: Result<Value, ReadError>) -> Malformed {
    match result {
        Err(ReadError::Malformed(m)) => m,
        other => panic!("expected a malformed message, got {other:?}"),
    }
}

fn next_is(reader: &mut impl BufRead, expected: Value) {
    assert_eq!(read_json(reader).expect("a message"), expected);
}

fn closed(reader: &mut impl BufRead) {
    assert!(matches!(read_json(reader), Err(ReadError::Closed)));
}

#[test]
fn round_trips_several_messages() {
    let messages = [
        json!({"seq": 1, "type": "request", "command": "initialize"}),
        json!({"text": "héllo → 世界 🦀"}),
        json!([]),
    ];
    let mut out = Vec::new();
    for m in &messages {
        write_json(&mut out, m).expect("write");
    }
    let mut reader = Cursor::new(out);
    for m in messages {
        next_is(&mut reader, m);
    }
    closed(&mut reader);
}

#[test]
fn length_counts_bytes_not_chars() {
    let mut out = Vec::new();
    write_frame(&mut out, "\"é\"".as_bytes()).expect("write");
    assert!(out.starts_with(b"Content-Length: 4\r\n\r\n"));
}

#[test]
fn reads_one_byte_at_a_time() {
    let mut out = Vec::new();
    write_json(&mut out, &json!({"a": 1})).expect("write");
    write_json(&mut out, &json!({"b": 2})).expect("write");
    let mut reader = BufReader::with_capacity(1, Cursor::new(out));
    next_is(&mut reader, json!({"a": 1}));
    next_is(&mut reader, json!({"b": 2}));
    closed(&mut reader);
}

#[test]
fn ignores_other_headers_case_and_bare_newlines() {
    let mut reader = stream(&[
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-LENGTH:  2 \r\n\r\n{}",
        b"X-Other: 1\nContent-Length: 3\n\n[1]",
        b"\r\n\r\n", // stray blank lines between messages
        &frame("null"),
    ]);
    next_is(&mut reader, json!({}));
    next_is(&mut reader, json!([1]));
    next_is(&mut reader, Value::Null);
    closed(&mut reader);
}

#[test]
fn empty_stream_and_blank_lines_end_cleanly() {
    closed(&mut Cursor::new(Vec::new()));
    closed(&mut Cursor::new(b"\r\n\n\r\n".to_vec()));
}

#[test]
fn missing_content_length_is_recoverable() {
    let mut reader = stream(&[b"Content-Type: text/plain\r\n\r\n", &frame("1")]);
    let e = read_json(&mut reader).expect_err("no length");
    assert!(e.is_recoverable());
    assert!(matches!(
        e,
        ReadError::Malformed(Malformed::MissingContentLength)
    ));
    next_is(&mut reader, json!(1));
}

#[test]
fn garbled_lengths_are_rejected_and_the_stream_resyncs() {
    for bad in [
        "abc",
        "-5",
        "+5",
        "5x",
        "",
        "1 2",
        "99999999999999999999999",
    ] {
        let mut reader = stream(&[
            format!("Content-Length: {bad}\r\n\r\n{{\"lost\":true}}").as_bytes(),
            &frame("{\"next\":1}"),
        ]);
        let m = malformed(read_json(&mut reader));
        assert!(
            matches!(m, Malformed::InvalidContentLength(_)),
            "{bad:?}: {m:?}"
        );
        // The unread body is glued to the next header; the reader finds it.
        next_is(&mut reader, json!({"next": 1}));
        closed(&mut reader);
    }
}

#[test]
fn duplicate_content_length() {
    let mut reader = stream(&[
        b"Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
        b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n[1]",
        &frame("7"),
    ]);
    next_is(&mut reader, json!({}));
    let m = malformed(read_json(&mut reader));
    assert_eq!(
        m,
        Malformed::ConflictingContentLength {
            first: 2,
            second: 3
        }
    );
    next_is(&mut reader, json!(7));
}

#[test]
fn body_not_json_then_next_message() {
    let mut reader = stream(&[&frame("{not json"), &frame("{\"ok\":true}")]);
    let m = malformed(read_json(&mut reader));
    assert!(matches!(m, Malformed::NotJson(_)), "{m:?}");
    next_is(&mut reader, json!({"ok": true}));
}

#[test]
fn body_not_utf8_then_next_message() {
    let mut reader = stream(&[b"Content-Length: 4\r\n\r\n\"\xff\xfe\"", &frame("2")]);
    assert_eq!(
        malformed(read_json(&mut reader)),
        Malformed::NotUtf8 { valid_up_to: 1 }
    );
    next_is(&mut reader, json!(2));
}

#[test]
fn non_utf8_header_lines_are_ignored() {
    let mut reader = stream(&[b"X-\xff\xfe: \xc0\r\n", &frame("3")]);
    next_is(&mut reader, json!(3));
}

#[test]
fn empty_body() {
    let mut reader = stream(&[b"Content-Length: 0\r\n\r\n", &frame("4")]);
    assert_eq!(read_frame(&mut reader.clone()).expect("frame"), b"");
    assert!(matches!(
        malformed(read_json(&mut reader)),
        Malformed::NotJson(_)
    ));
    next_is(&mut reader, json!(4));
}

#[test]
fn oversized_body_is_skipped() {
    let big = format!("[{}]", "1,".repeat(50) + "1");
    let mut reader = stream(&[&frame(&big), &frame("5")]);
    let e = read_frame_with_limit(&mut reader, 16).expect_err("too large");
    assert!(e.is_recoverable());
    assert!(matches!(
        e,
        ReadError::Malformed(Malformed::TooLarge {
            length: 103,
            max: 16
        })
    ));
    next_is(&mut reader, json!(5));
}

#[test]
fn huge_announced_length_neither_allocates_nor_hangs() {
    let mut reader = stream(&[b"Content-Length: 1099511627776\r\n\r\n{}"]);
    let e = read_json(&mut reader).expect_err("truncated");
    assert!(matches!(e, ReadError::Truncated(Part::Body)), "{e:?}");
    assert!(!e.is_recoverable());
}

#[test]
fn eof_inside_header() {
    for input in [
        &b"Content-Len"[..],
        b"Content-Length: 5\r\n",
        b"Content-Length: 5\r\n\r",
    ] {
        let e = read_json(&mut Cursor::new(input.to_vec())).expect_err("truncated");
        assert!(matches!(e, ReadError::Truncated(Part::Header)), "{e:?}");
        assert!(!e.is_recoverable());
    }
}

#[test]
fn eof_inside_body() {
    let e = read_json(&mut Cursor::new(
        b"Content-Length: 10\r\n\r\n{\"a\"".to_vec(),
    ))
    .expect_err("truncated");
    assert!(matches!(e, ReadError::Truncated(Part::Body)), "{e:?}");
}

#[test]
fn overlong_header_line_is_discarded() {
    let long = vec![b'x'; 100_000];
    let mut reader = stream(&[&long, b"\r\nContent-Length: 2\r\n\r\n{}", &frame("6")]);
    let m = malformed(read_json(&mut reader));
    assert!(matches!(m, Malformed::HeaderTooLong { .. }), "{m:?}");
    next_is(&mut reader, json!(6));
}

#[test]
fn too_many_header_lines() {
    let lines = "X-Junk: 1\r\n".repeat(MAX_HEADER_LINES + 1);
    let mut reader = stream(&[lines.as_bytes()]);
    let m = malformed(read_json(&mut reader));
    assert!(matches!(m, Malformed::TooManyHeaders { .. }), "{m:?}");
}

struct Failing;
impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::new(io::ErrorKind::ConnectionReset, "gone"))
    }
}

#[test]
fn io_errors_are_fatal() {
    let e = read_json(&mut BufReader::new(Failing)).expect_err("io");
    assert!(matches!(e, ReadError::Io(_)));
    assert!(!e.is_recoverable());
}

/// Returns `Interrupted` before every chunk, as a signal-interrupted read may.
struct Interrupting {
    data: Cursor<Vec<u8>>,
    interrupt: bool,
}
impl Read for Interrupting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.interrupt = !self.interrupt;
        if self.interrupt {
            return Err(io::ErrorKind::Interrupted.into());
        }
        let n = buf.len().min(3);
        self.data.read(&mut buf[..n])
    }
}

#[test]
fn interrupted_reads_are_retried() {
    let data = Cursor::new([frame("{\"x\":[1,2,3]}"), frame("8")].concat());
    let mut reader = BufReader::with_capacity(
        4,
        Interrupting {
            data,
            interrupt: false,
        },
    );
    next_is(&mut reader, json!({"x": [1, 2, 3]}));
    next_is(&mut reader, json!(8));
    closed(&mut reader);
}

/// Random mixes of valid frames and garbage: the reader must never panic and
/// must always end (clean end or truncation) within a bounded number of reads.
#[test]
fn random_garbage_never_panics() {
    let pieces: [&[u8]; 12] = [
        b"Content-Length: 2\r\n\r\n{}",
        b"Content-Length: 9999\r\n\r\n",
        b"Content-Length: -1\r\n\r\n",
        b"Content-Length: 3\r\nContent-Length: 4\r\n\r\nabc",
        b"\r\n",
        b"\xff\xfe\x00",
        b"garbage without newline",
        b"Content-Length: 5\r\n\r\n\xff\xff\xff\xff\xff",
        b"X: y\r\n",
        b"Content-Length:",
        b"{\"seq\":1}Content-Length: 2\r\n\r\n[]",
        b"\n\n\n",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..500 {
        let mut input = Vec::new();
        for _ in 0..8 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            input.extend_from_slice(pieces[(state % pieces.len() as u64) as usize]);
        }
        let mut reader = Cursor::new(input);
        let mut reads = 0;
        loop {
            reads += 1;
            assert!(reads < 1000, "reader did not make progress");
            match read_frame_with_limit(&mut reader, 4096) {
                Ok(_) | Err(ReadError::Malformed(_) | ReadError::Rejected { .. }) => {}
                Err(ReadError::Closed | ReadError::Truncated(_) | ReadError::Io(_)) => break,
            }
        }
    }
}

#[test]
fn a_request_nested_too_deep_is_rejected_by_seq() {
    let deep = format!("{}1{}", "[".repeat(1000), "]".repeat(1000));
    let body = format!(r#"{{"seq":9,"type":"request","command":"evaluate","arguments":{deep}}}"#);
    let mut reader = stream(&[&frame(&body), &frame("6")]);
    match read_json(&mut reader) {
        Err(e @ ReadError::Rejected { .. }) => {
            assert!(e.is_recoverable());
            let ReadError::Rejected { head, problem } = e else {
                unreachable!()
            };
            assert_eq!((head.seq, head.command.as_str()), (9, "evaluate"));
            assert!(matches!(problem, Malformed::NotJson(_)), "{problem:?}");
        }
        other => panic!("expected a rejected request, got {other:?}"),
    }
    next_is(&mut reader, json!(6));
}

#[test]
fn an_oversized_request_is_rejected_by_seq() {
    let body = format!(
        r#"{{"seq":4,"type":"request","command":"setBreakpoints","arguments":{{"x":"{}"}}}}"#,
        "y".repeat(200)
    );
    let mut reader = stream(&[&frame(&body), &frame("8")]);
    match read_frame_with_limit(&mut reader, 64) {
        Err(ReadError::Rejected { head, problem }) => {
            assert_eq!((head.seq, head.command.as_str()), (4, "setBreakpoints"));
            assert!(matches!(problem, Malformed::TooLarge { max: 64, .. }));
        }
        other => panic!("expected a rejected request, got {other:?}"),
    }
    next_is(&mut reader, json!(8));
}
