//! Hostile programs: evaluations that never return, `os.exit` from the
//! REPL, a finalizer that loops, running out of memory.

use std::time::Duration;

use serde_json::json;

use super::support::{fixture, line_of, Dap};

/// Stopped on entry of `runaway.lua`: the id of the top frame.
fn stopped_on_entry(dap: &mut Dap) -> i64 {
    dap.launch(&fixture("runaway.lua"), json!({"stopOnEntry": true}), &[]);
    dap.stopped("entry");
    dap.frames()[0]["id"].as_i64().expect("frame id")
}

/// Sends an evaluation that never returns, lets it run, pauses: the
/// evaluation fails, the program stays stopped.
fn pause_interrupts(dap: &mut Dap, frame: i64, expression: &str, context: &str) {
    let seq = dap.send(
        "evaluate",
        json!({"expression": expression, "frameId": frame, "context": context}),
    );
    std::thread::sleep(Duration::from_millis(300));
    dap.ok("pause", json!({"threadId": 1}));
    let response = dap.response(seq, "evaluate");
    assert_eq!(response["success"], false, "{response}");
    let message = response["message"].as_str().unwrap_or_default();
    assert!(message.contains("interrupted"), "{message}");
}

#[test]
fn pause_interrupts_an_evaluation_that_never_returns() {
    let mut dap = Dap::start();
    let frame = stopped_on_entry(&mut dap);
    pause_interrupts(&mut dap, frame, "while true do end", "repl");
    // A watch on a field whose `__index` loops.
    pause_interrupts(
        &mut dap,
        frame,
        "setmetatable({}, {__index = function() while true do end end}).x",
        "watch",
    );
    // An error whose `__tostring` loops (the message is made in a handler).
    pause_interrupts(
        &mut dap,
        frame,
        "error(setmetatable({}, {__tostring = function() while true do end end}))",
        "repl",
    );
    // The pause is spent: the next evaluation runs, the program goes on.
    assert_eq!(dap.eval("40 + 2"), "42");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    assert!(dap.output(Some("stdout")).contains("counted\t3"));
    dap.finish();
}

#[test]
fn pause_while_stopped_does_not_spoil_the_next_evaluation() {
    let mut dap = Dap::start();
    stopped_on_entry(&mut dap);
    dap.ok("pause", json!({"threadId": 1}));
    assert_eq!(dap.eval("1 + 1"), "2");
    dap.terminate_and_finish();
}

#[test]
fn terminate_ends_an_evaluation_that_never_returns() {
    let mut dap = Dap::start();
    let frame = stopped_on_entry(&mut dap);
    let seq = dap.send(
        "evaluate",
        json!({"expression": "while true do end", "frameId": frame, "context": "repl"}),
    );
    std::thread::sleep(Duration::from_millis(300));
    dap.ok("terminate", json!({}));
    let response = dap.response(seq, "evaluate");
    assert_eq!(response["success"], false, "{response}");
    dap.exit_code();
    dap.finish();
}

#[test]
fn os_exit_in_the_repl_exits_at_once_with_its_code() {
    let mut dap = Dap::start();
    let frame = stopped_on_entry(&mut dap);
    let seq = dap.send(
        "evaluate",
        json!({"expression": "os.exit(5)", "frameId": frame, "context": "repl"}),
    );
    let response = dap.response(seq, "evaluate");
    let message = response["message"].as_str().unwrap_or_default();
    assert!(!message.contains("userdata"), "{response}");
    assert!(message.contains("os.exit(5)"), "{response}");
    // Answered before the program is gone, which it is without a `continue`.
    let answered = dap
        .history
        .iter()
        .position(|m| m["request_seq"] == seq)
        .expect("answer");
    assert_eq!(dap.exit_code(), 5);
    let exited = dap
        .history
        .iter()
        .position(|m| m["event"] == "exited")
        .expect("exited");
    assert!(answered < exited);
    dap.finish();
}

#[test]
fn terminate_ends_a_session_stuck_in_a_finalizer() {
    if super::runtime::skip_on_luajit("LuaJIT has no __gc on tables (Lua 5.1 semantics)") {
        return;
    }
    let mut dap = Dap::start();
    dap.launch(&fixture("gc_loop.lua"), json!({}), &[]);
    dap.wait_output(Some("stdout"), "finalizer armed");
    std::thread::sleep(Duration::from_millis(300));
    dap.ok("terminate", json!({}));
    dap.event("terminated");
    let console = dap.output(None);
    assert!(console.contains("finalizer (__gc)"), "{console}");
    assert!(!console.contains("not reached"), "{console}");
    // The VM thread cannot be stopped: the adapter process ends with the
    // session, at once.
    let seq = dap.send("disconnect", json!({"terminateDebuggee": true}));
    dap.response(seq, "disconnect");
    dap.close_stdin();
    assert_eq!(dap.wait_exit(), Some(1));
}

/// Out of memory under `filter`: a stop with the frames and enough memory
/// left for the stack, the variables and a snapshot.
fn stops_out_of_memory(program: &str, filter: &str) -> Dap {
    let mut dap = Dap::start();
    dap.initialize();
    dap.ok(
        "launch",
        json!({"program": fixture(program), "memoryLimitMB": 16}),
    );
    dap.event("initialized");
    dap.ok("setExceptionBreakpoints", json!({"filters": [filter]}));
    dap.ok("configurationDone", json!(null));
    let stop = dap.stopped("exception");
    assert!(
        stop["text"]
            .as_str()
            .unwrap_or_default()
            .contains("not enough memory"),
        "{stop}"
    );
    let info = dap.ok("exceptionInfo", json!({"threadId": 1}));
    assert!(
        info["description"]
            .as_str()
            .unwrap_or_default()
            .contains("not enough memory"),
        "{info}"
    );
    let frames = dap.frames();
    assert_eq!(
        frames[0]["line"].as_i64(),
        Some(line_of(&fixture(program), "grows")),
        "{frames:?}"
    );
    let i = dap.scope_var("Locals", "i");
    assert!(
        i["value"]
            .as_str()
            .unwrap_or_default()
            .parse::<i64>()
            .unwrap_or(0)
            > 1000
    );
    let snapshot = dap.ok("takeSnapshot", json!({"label": "oom"}));
    assert!(snapshot.is_object(), "{snapshot}");
    dap
}

#[test]
fn out_of_memory_stops_as_an_uncaught_error() {
    let mut dap = stops_out_of_memory("memory.lua", "uncaught");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 1);
    assert!(dap.output(Some("stderr")).contains("not enough memory"));
    dap.finish();
}

#[test]
fn out_of_memory_stops_under_raised_and_outofmemory_and_pcall_catches_it() {
    // `outOfMemory` alone stops on it too, inside pcall.
    for filter in ["raised", "outOfMemory"] {
        let mut dap = stops_out_of_memory("memory_caught.lua", filter);
        dap.ok("continue", json!({"threadId": 1}));
        assert_eq!(dap.exit_code(), 0);
        assert!(dap
            .output(Some("stdout"))
            .contains("caught:\tfalse\tnot enough memory"));
        dap.finish();
    }
}

#[test]
fn out_of_memory_caught_does_not_stop_under_uncaught() {
    let mut dap = Dap::start();
    dap.initialize();
    dap.ok(
        "launch",
        json!({"program": fixture("memory_caught.lua"), "memoryLimitMB": 16}),
    );
    dap.event("initialized");
    dap.ok("setExceptionBreakpoints", json!({"filters": ["uncaught"]}));
    dap.ok("configurationDone", json!(null));
    assert_eq!(dap.exit_code(), 0);
    assert!(dap
        .output(Some("stdout"))
        .contains("caught:\tfalse\tnot enough memory"));
    assert!(!dap.history.iter().any(|m| m["event"] == "stopped"));
    dap.finish();
}
