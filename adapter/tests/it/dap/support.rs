//! A small DAP client for the integration tests: it starts the real binary
//! (`lua-snapshot dap`), talks to it over its stdio, validates every message
//! it receives against the official DAP schema, and bounds every wait with a
//! timeout so that a hang fails the test instead of blocking CI.
//!
//! The same scenarios could be driven by `@vscode/debugadapter-testsupport`'s
//! `DebugClient`: requests are plain JSON and fixtures are in tests/dap/.
#![allow(dead_code)]

use std::io::{BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dap::framing::{read_json, write_json, ReadError};
use serde_json::{json, Value};

/// Generous: CI machines are slow, and only a hang should hit it.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// A Lua fixture of tests/dap/.
pub fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/dap")
        .join(name);
    std::fs::canonicalize(&path)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The line of `file` holding the comment `-- @marker`.
pub fn line_of(file: &str, marker: &str) -> i64 {
    let text = std::fs::read_to_string(file).expect("read fixture");
    let tag = format!("-- @{marker}");
    let index = text
        .lines()
        .position(|l| l.trim_end().ends_with(&tag))
        .unwrap_or_else(|| panic!("no {tag} in {file}"));
    index as i64 + 1
}

/// Whether `text` has the error of indexing nil, as either runtime words
/// it (Lua 5.4: `attempt to index a nil value (upvalue 't')`, LuaJIT:
/// `attempt to index upvalue 't' (a nil value)`).
pub fn nil_index_error(text: &str) -> bool {
    text.contains("attempt to index") && text.contains("a nil value")
}

pub fn fixtures_dir() -> String {
    fixture("").trim_end_matches('/').to_owned()
}

/// A session stopped at the line of `file` (a fixture) marked `marker`.
pub fn stopped_at(file: &str, marker: &str) -> Dap {
    let mut dap = Dap::start();
    let program = fixture(file);
    dap.launch(
        &program,
        json!({"cwd": fixtures_dir()}),
        &[(&program, &[line_of(&program, marker)])],
    );
    dap.stopped("breakpoint");
    dap
}

pub struct Dap {
    /// The adapter process; `None` when connected to a host's own server.
    child: Option<Child>,
    /// The adapter's stdin, or the socket to a host's server.
    stdin: Option<Box<dyn Write + Send>>,
    /// The socket to a host's server, shut down on drop (the reader
    /// thread's clone would keep it open).
    socket: Option<std::net::TcpStream>,
    rx: Receiver<Result<Value, String>>,
    seq: i64,
    /// Every message received, in order.
    pub history: Vec<Value>,
    /// Indexes in `history` already returned by a wait.
    taken: Vec<bool>,
    stderr: Arc<Mutex<String>>,
}

impl Dap {
    /// Starts `lua-snapshot dap` with extra arguments.
    pub fn start_with(args: &[&str]) -> Dap {
        let mut child = Command::new(super::runtime::binary())
            .arg("dap")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start lua-snapshot dap");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = collect(child.stderr.take().expect("stderr"));
        let stdin = child
            .stdin
            .take()
            .map(|s| Box::new(s) as Box<dyn Write + Send>);
        Dap::over(Some(child), stdin, stdout, stderr)
    }

    /// A client of the DAP server a host opened with `lsnapshot.listen`.
    /// `stderr` is the host's, for failure messages.
    pub fn connect(port: u16, stderr: Arc<Mutex<String>>) -> Dap {
        let stream =
            std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect to the host");
        let reader = stream.try_clone().expect("clone the socket");
        let socket = stream.try_clone().expect("clone the socket");
        let mut dap = Dap::over(None, Some(Box::new(stream)), reader, stderr);
        dap.socket = Some(socket);
        dap
    }

    fn over(
        child: Option<Child>,
        stdin: Option<Box<dyn Write + Send>>,
        stdout: impl Read + Send + 'static,
        stderr: Arc<Mutex<String>>,
    ) -> Dap {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let message = match read_json(&mut reader) {
                    Ok(m) => m,
                    Err(ReadError::Closed) => break,
                    Err(e) => {
                        let _ = tx.send(Err(format!("bad frame from the adapter: {e}")));
                        break;
                    }
                };
                let checked = match dap::schema::validate_message(&message) {
                    Ok(()) => Ok(message),
                    Err(errors) => Err(format!(
                        "message invalid against the DAP schema:\n  {}\nmessage: {message}",
                        errors.join("\n  ")
                    )),
                };
                if tx.send(checked).is_err() {
                    break;
                }
            }
        });
        Dap {
            stdin,
            socket: None,
            child,
            rx,
            seq: 0,
            history: Vec::new(),
            taken: Vec::new(),
            stderr,
        }
    }

    pub fn start() -> Dap {
        Dap::start_with(&[])
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Writes raw bytes to the adapter's stdin (malformed input tests).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    /// The seq the next request will have.
    pub fn next_seq(&self) -> i64 {
        self.seq + 1
    }

    /// Sends a request; returns its seq.
    pub fn send(&mut self, command: &str, arguments: Value) -> i64 {
        self.seq += 1;
        let mut message = json!({"seq": self.seq, "type": "request", "command": command});
        if !arguments.is_null() {
            message["arguments"] = arguments;
        }
        let stdin = self.stdin.as_mut().expect("stdin open");
        write_json(stdin, &message).expect("send request");
        self.seq
    }

    /// Closes the adapter's stdin: the client went away.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    fn receive(&mut self, deadline: Instant) -> Option<usize> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(Ok(message)) => {
                self.history.push(message);
                self.taken.push(false);
                Some(self.history.len() - 1)
            }
            Ok(Err(problem)) => panic!("{problem}\nstderr:\n{}", self.stderr()),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(Duration::from_millis(50));
                None
            }
        }
    }

    /// Waits for the first message (not yet taken) matching `pred`.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        let mut checked = 0;
        loop {
            while checked < self.history.len() {
                if !self.taken[checked] && pred(&self.history[checked]) {
                    self.taken[checked] = true;
                    return self.history[checked].clone();
                }
                checked += 1;
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out waiting for {what}\nreceived:\n{}\nstderr:\n{}",
                    self.history
                        .iter()
                        .map(|m| m.to_string())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    self.stderr()
                );
            }
            self.receive(deadline);
        }
    }

    /// Sends a request and waits for its response (success or not).
    pub fn request(&mut self, command: &str, arguments: Value) -> Value {
        let seq = self.send(command, arguments);
        self.response(seq, command)
    }

    pub fn response(&mut self, seq: i64, command: &str) -> Value {
        self.wait_for(&format!("the response to {command} ({seq})"), |m| {
            m["type"] == "response" && m["request_seq"] == seq
        })
    }

    /// Sends a request that must succeed; returns the body (or null).
    pub fn ok(&mut self, command: &str, arguments: Value) -> Value {
        let response = self.request(command, arguments);
        assert_eq!(response["success"], true, "{command} failed: {response}");
        assert_eq!(response["command"], command);
        response.get("body").cloned().unwrap_or(Value::Null)
    }

    /// Sends a request that must fail; returns its error message.
    pub fn fails(&mut self, command: &str, arguments: Value) -> String {
        let response = self.request(command, arguments);
        assert_eq!(
            response["success"], false,
            "{command} succeeded: {response}"
        );
        response["message"].as_str().unwrap_or_default().to_owned()
    }

    /// Waits for an event; returns its body (or null).
    pub fn event(&mut self, name: &str) -> Value {
        let m = self.wait_for(&format!("event {name}"), |m| {
            m["type"] == "event" && m["event"] == name
        });
        m.get("body").cloned().unwrap_or(Value::Null)
    }

    /// Waits for a `stopped` event with `reason`; returns its body.
    pub fn stopped(&mut self, reason: &str) -> Value {
        let body = self.event("stopped");
        assert_eq!(body["reason"], reason, "stopped for another reason: {body}");
        body
    }

    /// Continues after every stop until the script exits, calling `at_stop`
    /// at each; returns what it returned and the exit code.
    pub fn each_stop<T>(&mut self, mut at_stop: impl FnMut(&mut Dap) -> T) -> (Vec<T>, i64) {
        let mut seen = Vec::new();
        loop {
            let m = self.wait_for("stopped or exited", |m| {
                m["event"] == "stopped" || m["event"] == "exited"
            });
            if m["event"] == "exited" {
                return (seen, m["body"]["exitCode"].as_i64().expect("exitCode"));
            }
            seen.push(at_stop(self));
            self.ok("continue", json!({"threadId": 1}));
        }
    }

    /// The `exited` code, after waiting for `exited` and `terminated`.
    pub fn exit_code(&mut self) -> i64 {
        let body = self.event("exited");
        self.event("terminated");
        body["exitCode"].as_i64().expect("exitCode")
    }

    /// All output received so far in `category` (any if `None`).
    pub fn output(&self, category: Option<&str>) -> String {
        self.history
            .iter()
            .filter(|m| m["type"] == "event" && m["event"] == "output")
            .filter(|m| category.is_none_or(|c| m["body"]["category"] == c))
            .map(|m| m["body"]["output"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// Waits until the output of `category` contains `text`.
    pub fn wait_output(&mut self, category: Option<&str>, text: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let all = self.output(category);
            if all.contains(text) {
                return all;
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out waiting for output {text:?}; got {all:?}\nstderr:\n{}",
                    self.stderr()
                );
            }
            self.receive(deadline);
        }
    }

    /// initialize + launch (with extra launch arguments) + the breakpoints
    /// `(file, lines)` + configurationDone.
    pub fn launch(&mut self, program: &str, extra: Value, breakpoints: &[(&str, &[i64])]) -> Value {
        self.initialize();
        let mut args = json!({"program": program});
        if let Value::Object(map) = extra {
            for (k, v) in map {
                args[k] = v;
            }
        }
        self.ok("launch", args);
        self.event("initialized");
        let mut all = Vec::new();
        for (file, lines) in breakpoints {
            let body = self.set_breakpoints(file, lines);
            all.push(body);
        }
        self.ok("configurationDone", Value::Null);
        Value::Array(all)
    }

    pub fn initialize(&mut self) -> Value {
        self.ok(
            "initialize",
            json!({"clientID": "tests", "adapterID": "lua-snapshot", "linesStartAt1": true,
                   "columnsStartAt1": true, "pathFormat": "path"}),
        )
    }

    pub fn set_breakpoints(&mut self, file: &str, lines: &[i64]) -> Value {
        let bps: Vec<Value> = lines.iter().map(|l| json!({"line": l})).collect();
        self.ok(
            "setBreakpoints",
            json!({"source": {"path": file}, "breakpoints": bps}),
        )
    }

    /// The frames of the stopped thread.
    pub fn frames(&mut self) -> Vec<Value> {
        let body = self.ok("stackTrace", json!({"threadId": 1}));
        body["stackFrames"].as_array().cloned().unwrap_or_default()
    }

    /// `(name, value)` of the variables of a reference.
    pub fn variables(&mut self, reference: i64) -> Vec<(String, Value)> {
        let body = self.ok("variables", json!({"variablesReference": reference}));
        body["variables"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|v| (v["name"].as_str().unwrap_or_default().to_owned(), v))
            .collect()
    }

    /// The variable `name` of a scope of the top frame (`Locals`...).
    pub fn scope_var(&mut self, scope: &str, name: &str) -> Value {
        let frame = self.frames()[0]["id"].as_i64().expect("frame id");
        let scopes = self.ok("scopes", json!({"frameId": frame}));
        let reference = scopes["scopes"]
            .as_array()
            .expect("scopes")
            .iter()
            .find(|s| s["name"] == scope)
            .unwrap_or_else(|| panic!("no scope {scope}: {scopes}"))["variablesReference"]
            .as_i64()
            .expect("reference");
        self.variables(reference)
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no variable {name} in {scope}"))
            .1
    }

    /// Evaluates in the top frame; returns the result text.
    pub fn eval(&mut self, expression: &str) -> String {
        let frame = self.frames()[0]["id"].as_i64().expect("frame id");
        let body = self.ok(
            "evaluate",
            json!({"expression": expression, "frameId": frame, "context": "watch"}),
        );
        body["result"].as_str().unwrap_or_default().to_owned()
    }

    /// Runs REPL input in the top frame; returns the response.
    pub fn repl(&mut self, code: &str) -> Value {
        let frame = self.frames()[0]["id"].as_i64().expect("frame id");
        self.request(
            "evaluate",
            json!({"expression": code, "frameId": frame, "context": "repl"}),
        )
    }

    /// Waits for the process to exit; returns its status code.
    pub fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let child = self.child.as_mut().expect("an adapter process");
            if let Some(status) = child.try_wait().expect("wait") {
                // Whatever is still in the pipe gets validated too.
                while self
                    .receive(Instant::now() + Duration::from_millis(200))
                    .is_some()
                {}
                return status.code();
            }
            if Instant::now() >= deadline {
                panic!("the adapter did not exit\nstderr:\n{}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Disconnects and checks that the adapter exits cleanly.
    /// Ends a script that is still running (`terminate`), waits for its
    /// exit, then [`Dap::finish`].
    pub fn terminate_and_finish(mut self) {
        self.ok("terminate", json!({}));
        self.exit_code();
        self.finish();
    }

    pub fn finish(mut self) {
        self.ok("disconnect", json!({"terminateDebuggee": true}));
        self.close_stdin();
        assert_eq!(self.wait_exit(), Some(0), "stderr:\n{}", self.stderr());
    }
}

impl Drop for Dap {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if let Some(socket) = &self.socket {
            let _ = socket.shutdown(std::net::Shutdown::Both);
        }
        if !std::thread::panicking() {
            // Validate what arrived but was never looked at.
            while let Ok(message) = self.rx.try_recv() {
                if let Err(problem) = message {
                    panic!("{problem}");
                }
            }
        }
    }
}

/// Everything `pipe` gives, as it comes (a process's stderr).
pub fn collect(mut pipe: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

/// `lua-snapshot dap --port 0 --log LOG` with `extra` arguments: the child
/// and the port it listens on (read from its log).
pub fn start_tcp(extra: &[&str]) -> (Child, u16, PathBuf) {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let log = std::env::temp_dir().join(format!("lua-snapshot-dap-{}-{n}.log", std::process::id()));
    let _ = std::fs::remove_file(&log);
    let child = Command::new(super::runtime::binary())
        .args(["dap", "--port", "0", "--log"])
        .arg(&log)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start");
    let deadline = Instant::now() + TIMEOUT;
    let port = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(rest) = text.split("listening on 127.0.0.1:").nth(1) {
            break rest
                .lines()
                .next()
                .unwrap()
                .trim()
                .parse::<u16>()
                .expect("port");
        }
        assert!(Instant::now() < deadline, "no port in the log: {text}");
        std::thread::sleep(Duration::from_millis(20));
    };
    (child, port, log)
}
