//! `--port` serves one client at a time and never leaves one waiting in
//! silence: a second client is told the adapter is busy and closed, and a
//! client that sends no `initialize` in time is closed so the next is served.

use super::support;

use std::io::BufReader;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use dap::framing::{read_json, write_json, ReadError};
use serde_json::{json, Value};

struct Peer {
    writer: TcpStream,
    reader: BufReader<TcpStream>,
}

impl Peer {
    fn connect(port: u16) -> Peer {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_read_timeout(Some(support::TIMEOUT)).unwrap();
        Peer {
            writer: stream.try_clone().unwrap(),
            reader: BufReader::new(stream),
        }
    }

    fn send(&mut self, seq: i64, command: &str, arguments: Value) {
        let message =
            json!({"seq": seq, "type": "request", "command": command, "arguments": arguments});
        write_json(&mut self.writer, &message).expect("send");
    }

    /// The next message, checked against the DAP schema; None when the
    /// adapter closed the connection.
    fn receive(&mut self) -> Option<Value> {
        match read_json(&mut self.reader) {
            Ok(m) => {
                dap::schema::assert_valid(&m);
                Some(m)
            }
            Err(ReadError::Closed) => None,
            Err(e) => panic!("reading from the adapter: {e}"),
        }
    }

    fn response(&mut self, seq: i64) -> Value {
        loop {
            let m = self.receive().expect("the adapter closed the connection");
            if m["type"] == "response" && m["request_seq"] == seq {
                return m;
            }
        }
    }

    /// Launches `program` and collects its stdout until `terminated`.
    fn run(&mut self, program: &str, extra: Value) -> String {
        self.send(1, "initialize", json!({"adapterID": "lua-snapshot"}));
        assert_eq!(self.response(1)["success"], true);
        let mut args = json!({"program": program});
        args.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        self.send(2, "launch", args);
        self.send(3, "configurationDone", json!({}));
        let mut out = String::new();
        loop {
            let m = self.receive().expect("the adapter closed the connection");
            if m["type"] == "response" {
                assert_eq!(m["success"], true, "{m}");
            }
            if m["event"] == "output" && m["body"]["category"] == "stdout" {
                out.push_str(m["body"]["output"].as_str().unwrap());
            }
            if m["event"] == "terminated" {
                break;
            }
        }
        self.send(4, "disconnect", json!({}));
        self.response(4);
        out
    }

    fn closed_after(&mut self, limit: Duration) {
        let start = Instant::now();
        while let Some(m) = self.receive() {
            assert!(m["type"] != "response", "unexpected {m}");
        }
        assert!(
            start.elapsed() < limit,
            "closed only after {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn a_second_client_is_told_the_adapter_is_busy() {
    let (mut child, port, _log) = support::start_tcp(&[]);
    let mut first = Peer::connect(port);
    first.send(1, "initialize", json!({"adapterID": "lua-snapshot"}));
    assert_eq!(first.response(1)["success"], true);

    let mut second = Peer::connect(port);
    second.send(1, "initialize", json!({"adapterID": "lua-snapshot"}));
    let refused = second.response(1);
    assert_eq!(refused["success"], false, "{refused}");
    let message = refused["message"].as_str().unwrap();
    assert!(message.contains("serving another client"), "{message}");
    second.closed_after(support::TIMEOUT);

    // A client that says nothing hears why, and is closed too.
    let mut silent = Peer::connect(port);
    let said = silent.receive().expect("an output event");
    assert_eq!(said["event"], "output", "{said}");
    assert!(said["body"]["output"]
        .as_str()
        .unwrap()
        .contains("serving another client"));
    silent.closed_after(support::TIMEOUT);

    // The first session was not disturbed, and the next client is served.
    first.send(2, "threads", json!({}));
    assert_eq!(first.response(2)["success"], true);
    first.send(3, "disconnect", json!({}));
    assert_eq!(first.response(3)["success"], true);
    drop(first);
    let deadline = Instant::now() + support::TIMEOUT;
    loop {
        let mut next = Peer::connect(port);
        next.send(1, "initialize", json!({"adapterID": "lua-snapshot"}));
        if next.response(1)["success"] == true {
            break;
        }
        // The first session may not have wound down yet.
        assert!(
            Instant::now() < deadline,
            "the next client was never served"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_client_silent_before_initialize_is_closed() {
    let (mut child, port, log) = support::start_tcp(&["--init-timeout", "1"]);
    let mut silent = Peer::connect(port);
    silent.closed_after(Duration::from_secs(10));

    // The closed session may still be winding down: then the adapter
    // refuses, and the test asks again.
    let deadline = Instant::now() + support::TIMEOUT;
    let mut next = loop {
        let mut next = Peer::connect(port);
        next.send(1, "initialize", json!({"adapterID": "lua-snapshot"}));
        if next.response(1)["success"] == true {
            break next;
        }
        assert!(
            Instant::now() < deadline,
            "the next client was never served"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    // Past initialize the client may stay silent as long as it likes.
    std::thread::sleep(Duration::from_millis(1500));
    next.send(2, "threads", json!({}));
    assert_eq!(next.response(2)["success"], true);
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(text.contains("sent no initialize in time"), "{text}");
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_file(&log);
}

/// `env` and `cwd` of one launch do not leak into the next session of the
/// same adapter process.
#[test]
fn each_session_starts_from_the_adapters_own_environment() {
    let dir = std::env::temp_dir().join(format!("lua-snapshot-cwd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("marker.txt"), "here").unwrap();
    let program = support::fixture("env_cwd.lua");
    let (mut child, port, _log) = support::start_tcp(&[]);

    let first = Peer::connect(port).run(
        &program,
        json!({"cwd": dir, "env": {"LUA_SNAPSHOT_TEST_VAR": "one"}}),
    );
    assert!(
        first.contains("var=one") && first.contains("marker=true"),
        "{first}"
    );
    let deadline = Instant::now() + support::TIMEOUT;
    let second = loop {
        let mut peer = Peer::connect(port);
        // The first session may not have wound down yet: the adapter then
        // refuses, and the test asks again.
        peer.send(9, "threads", json!({}));
        if peer.response(9)["success"] == true {
            break peer.run(&program, json!({}));
        }
        assert!(
            Instant::now() < deadline,
            "the next client was never served"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        second.contains("var=nil") && second.contains("marker=false"),
        "{second}"
    );
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// An evaluation that never returns is ended by `terminate`: the session
/// ends cleanly and the same process serves the next client (a stuck VM
/// would make the server exit).
#[test]
fn terminate_during_an_endless_evaluation_keeps_the_server() {
    let program = support::fixture("runaway.lua");
    let (mut child, port, _log) = support::start_tcp(&[]);
    let mut peer = Peer::connect(port);
    peer.send(1, "initialize", json!({"adapterID": "lua-snapshot"}));
    assert_eq!(peer.response(1)["success"], true);
    peer.send(
        2,
        "launch",
        json!({"program": program, "stopOnEntry": true}),
    );
    peer.send(3, "configurationDone", json!({}));
    while peer.receive().expect("open")["event"] != "stopped" {}
    peer.send(
        4,
        "evaluate",
        json!({"expression": "while true do end", "context": "repl"}),
    );
    std::thread::sleep(Duration::from_millis(300));
    peer.send(5, "terminate", json!({}));
    assert_eq!(peer.response(4)["success"], false);
    while peer.receive().expect("open")["event"] != "terminated" {}
    peer.send(6, "disconnect", json!({}));
    peer.response(6);
    drop(peer);
    let deadline = Instant::now() + support::TIMEOUT;
    let out = loop {
        let mut next = Peer::connect(port);
        next.send(9, "threads", json!({}));
        if next.response(9)["success"] == true {
            break next.run(&program, json!({}));
        }
        assert!(
            Instant::now() < deadline,
            "the next client was never served"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(out.contains("counted\t3"), "{out}");
    let _ = child.kill();
    let _ = child.wait();
}
