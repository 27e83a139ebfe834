//! Session lifecycle: initialize, launch options, output, exit codes,
//! launch errors, unknown commands, malformed input, restart, terminate,
//! noDebug, the TCP transport and the log file.

use super::support;

use std::io::{BufRead, BufReader};
use std::net::TcpStream;

use dap::framing::{read_json, write_json};
use serde_json::{json, Value};
use support::{fixture, fixtures_dir, line_of, Dap};

#[test]
fn initialize_announces_honest_capabilities() {
    let mut dap = Dap::start();
    let caps = dap.initialize();
    for key in [
        "supportsConfigurationDoneRequest",
        "supportsConditionalBreakpoints",
        "supportsHitConditionalBreakpoints",
        "supportsLogPoints",
        "supportsSetVariable",
        "supportsExceptionInfoRequest",
        "supportsTerminateRequest",
        "supportsRestartRequest",
        "supportsEvaluateForHovers",
        "supportsDelayedStackTraceLoading",
        "supportsFunctionBreakpoints",
        "supportsCompletionsRequest",
        "supportsSetExpression",
    ] {
        assert_eq!(caps[key], true, "{key}: {caps}");
    }
    assert!(caps.get("supportsStepBack").is_none());
    assert!(caps.get("supportsGotoTargetsRequest").is_none());
    let filters: Vec<&str> = caps["exceptionBreakpointFilters"]
        .as_array()
        .expect("filters")
        .iter()
        .map(|f| f["filter"].as_str().expect("id"))
        .collect();
    assert_eq!(filters, ["uncaught", "raised", "outOfMemory"]);
    dap.finish();
}

#[test]
fn launch_options_and_output_events() {
    let mut dap = Dap::start();
    std::env::set_var("LUA_SNAPSHOT_REMOVED", "x");
    dap.launch(
        &fixture("hello.lua"),
        json!({
            "args": ["one", "two words"],
            "cwd": fixtures_dir(),
            "env": {"LUA_SNAPSHOT_TEST_VAR": "set by launch", "LUA_SNAPSHOT_REMOVED": null},
            "luaPath": format!("{}/lib/?.lua", fixtures_dir()),
            "luaCPath": "/custom/?.so",
        }),
        &[],
    );
    assert_eq!(dap.exit_code(), 0);
    let stdout = dap.output(Some("stdout"));
    assert!(stdout.contains("hello\t42\tnil\ttrue\n"), "{stdout}");
    assert!(stdout.contains("partial 1 2.5\n"), "{stdout}");
    assert!(stdout.contains("stdout method\n"), "{stdout}");
    assert!(stdout.contains("args:\t2\tone\ttwo words\n"), "{stdout}");
    assert!(stdout.contains("arg[1]:\tone\n"), "{stdout}");
    assert!(stdout.contains("env:\tset by launch\n"), "{stdout}");
    assert!(stdout.contains("removed:\tnil\n"), "{stdout}");
    assert!(stdout.contains("cwd has hello.lua:\ttrue\n"), "{stdout}");
    assert!(stdout.contains("greetings, dap\n"), "{stdout}");
    assert!(stdout.contains("cpath has custom:\ttrue\n"), "{stdout}");
    assert!(stdout.contains("stdin:\tnil\n"), "{stdout}");
    assert!(dap.output(Some("stderr")).contains("to stderr\n"));
    dap.finish();
}

#[test]
fn os_exit_gives_the_exit_code() {
    let mut dap = Dap::start();
    dap.launch(&fixture("exit3.lua"), json!({}), &[]);
    assert_eq!(dap.exit_code(), 3);
    let stdout = dap.output(Some("stdout"));
    assert!(stdout.contains("before exit"));
    assert!(!stdout.contains("not reached"), "{stdout}");
    dap.finish();
}

#[test]
fn missing_program_is_an_error_naming_it() {
    let mut dap = Dap::start();
    dap.initialize();
    let message = dap.fails("launch", json!({"program": "/no/such/dir/script.lua"}));
    assert!(message.contains("/no/such/dir/script.lua"), "{message}");
    let message = dap.fails("launch", json!({}));
    assert!(message.contains("program"), "{message}");
    dap.finish();
}

#[test]
fn syntax_error_names_file_and_line() {
    let mut dap = Dap::start();
    dap.initialize();
    let program = fixture("syntax_error.lua");
    let message = dap.fails("launch", json!({"program": program}));
    // As Lua names the chunk: `...tail` of a long path (a deep checkout).
    let shown = snapshot::chunkid::short_source(format!("@{program}").as_bytes(), None);
    assert!(message.contains(&format!("{shown}:3:")), "{message}");
    dap.finish();
}

#[test]
fn unknown_command_gets_an_error_response() {
    let mut dap = Dap::start();
    dap.initialize();
    let seq = dap.send("frobnicate", json!({"x": 1}));
    let response = dap.response(seq, "frobnicate");
    assert_eq!(response["success"], false);
    assert_eq!(response["command"], "frobnicate");
    assert_eq!(response["request_seq"], seq);
    assert!(response["message"].as_str().unwrap().contains("frobnicate"));
    // Requests that need a program, before launch.
    dap.fails("stackTrace", json!({"threadId": 1}));
    dap.fails("pause", json!({"threadId": 1}));
    dap.finish();
}

#[test]
fn malformed_input_is_survived() {
    let mut dap = Dap::start();
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes();
    dap.send_raw(&frame("notjson"));
    dap.send_raw(&frame("[]"));
    dap.send_raw(&frame(r#"{"seq":5,"type":"request"}"#));
    dap.send_raw(b"garbage without header\r\n\r\n");
    dap.send_raw(&frame(r#"{"seq": 1,}"#));
    dap.send_raw(b"\xff\xfe\r\n\r\n");
    let caps = dap.initialize();
    assert_eq!(caps["supportsConfigurationDoneRequest"], true);
    // A request without a command is answered, with its seq.
    let answered = dap
        .history
        .iter()
        .any(|m| m["request_seq"] == 5 && m["success"] == false);
    assert!(answered, "{:?}", dap.history);
    dap.finish();
}

#[test]
fn truncated_input_ends_cleanly() {
    let mut dap = Dap::start();
    dap.initialize();
    dap.send_raw(b"Content-Length: 100\r\n\r\n{\"seq\":");
    dap.close_stdin();
    assert_eq!(dap.wait_exit(), Some(0));
}

#[test]
fn restart_runs_the_program_again() {
    let mut dap = Dap::start();
    let program = fixture("loop.lua");
    dap.launch(&program, json!({"stopOnEntry": true}), &[]);
    dap.stopped("entry");
    dap.ok(
        "restart",
        json!({"arguments": {"program": program, "stopOnEntry": true}}),
    );
    let body = dap.stopped("entry");
    assert_eq!(body["threadId"], 1);
    // The first run ended quietly: no exited/terminated so far.
    assert!(!dap.history.iter().any(|m| m["event"] == "terminated"));
    dap.set_breakpoints(&program, &[line_of(&program, "loop")]);
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    assert_eq!(dap.repl("done = true")["success"], true);
    dap.set_breakpoints(&program, &[]);
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}

#[test]
fn terminate_while_stopped() {
    let mut dap = Dap::start();
    dap.launch(&fixture("loop.lua"), json!({"stopOnEntry": true}), &[]);
    dap.stopped("entry");
    dap.terminate_and_finish();
}

#[test]
fn no_debug_ignores_breakpoints() {
    let mut dap = Dap::start();
    let program = fixture("hello.lua");
    let lib = format!("{}/lib", fixtures_dir());
    let line = line_of(&format!("{lib}/greeting.lua"), "greet");
    dap.launch(
        &program,
        json!({"noDebug": true, "cwd": fixtures_dir(), "luaPath": format!("{lib}/?.lua"), "stopOnEntry": true}),
        &[(&format!("{lib}/greeting.lua"), &[line])],
    );
    assert_eq!(dap.exit_code(), 0);
    assert!(!dap.history.iter().any(|m| m["event"] == "stopped"));
    dap.finish();
}

#[test]
fn threads_lists_the_lua_thread() {
    let mut dap = Dap::start();
    dap.launch(&fixture("loop.lua"), json!({"stopOnEntry": true}), &[]);
    dap.stopped("entry");
    let body = dap.ok("threads", Value::Null);
    assert_eq!(body["threads"], json!([{"id": 1, "name": "main"}]));
    dap.terminate_and_finish();
}

/// `--port`: one session at a time on 127.0.0.1, then the next.
#[test]
fn tcp_port_serves_successive_sessions() {
    let (mut child, port, log) = support::start_tcp(&[]);
    for round in 0..2 {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_read_timeout(Some(support::TIMEOUT)).unwrap();
        let mut writer = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);
        let mut exchange = |seq: i64, command: &str, args: Value| -> Value {
            write_json(
                &mut writer,
                &json!({"seq": seq, "type": "request", "command": command, "arguments": args}),
            )
            .expect("send");
            loop {
                let m = read_json(&mut reader).expect("receive");
                dap::schema::assert_valid(&m);
                if m["type"] == "response" && m["request_seq"] == seq {
                    return m;
                }
            }
        };
        let init = exchange(1, "initialize", json!({"adapterID": "lua-snapshot"}));
        assert_eq!(init["success"], true, "round {round}");
        let bye = exchange(2, "disconnect", json!({}));
        assert_eq!(bye["success"], true);
        let mut rest = String::new();
        let _ = reader.read_line(&mut rest);
    }
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(text.contains("request 1 initialize"), "{text}");
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_file(&log);
}

/// What a child process writes to the inherited stdout arrives as `output`
/// events, and empty writes send nothing.
#[test]
fn child_process_output_and_empty_writes() {
    let mut dap = Dap::start();
    dap.launch(&fixture("child_output.lua"), json!({}), &[]);
    // Two paths, so no order between them: print's line and the child's.
    dap.wait_output(Some("stdout"), "done");
    let out = dap.wait_output(Some("stdout"), "from-a-child\n");
    assert!(out.contains("done\n"), "{out}");
    assert_eq!(dap.exit_code(), 0);
    let empty = dap
        .history
        .iter()
        .filter(|m| m["event"] == "output" && m["body"]["output"] == "")
        .count();
    assert_eq!(empty, 0, "empty output events: {:?}", dap.history);
    assert!(!dap.stderr().contains("from-a-child"), "{}", dap.stderr());
    dap.finish();
}
