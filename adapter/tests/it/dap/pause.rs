//! `pause` reaches a script in an infinite loop (also inside a coroutine);
//! then `continue` and `terminate`.

use super::support;

use serde_json::json;
use support::{fixture, line_of, Dap};

#[test]
fn pause_continue_pause_terminate() {
    let mut dap = Dap::start();
    let program = fixture("infinite.lua");
    dap.launch(&program, json!({}), &[]);
    std::thread::sleep(std::time::Duration::from_millis(100));
    dap.ok("pause", json!({"threadId": 1}));
    dap.stopped("pause");
    let frames = dap.frames();
    assert_eq!(frames[0]["line"], line_of(&program, "spin"));
    let first = dap.eval("i").parse::<i64>().unwrap();
    dap.ok("continue", json!({"threadId": 1}));
    std::thread::sleep(std::time::Duration::from_millis(50));
    dap.ok("pause", json!({"threadId": 1}));
    dap.stopped("pause");
    let second = dap.eval("i").parse::<i64>().unwrap();
    assert!(second > first, "{first} {second}");
    dap.ok("continue", json!({"threadId": 1}));
    dap.terminate_and_finish();
}

#[test]
fn pause_reaches_a_loop_inside_a_coroutine() {
    let mut dap = Dap::start();
    let program = fixture("coinfinite.lua");
    dap.launch(&program, json!({}), &[]);
    std::thread::sleep(std::time::Duration::from_millis(100));
    dap.ok("pause", json!({"threadId": 1}));
    dap.stopped("pause");
    let frames = dap.frames();
    assert_eq!(frames[0]["line"], line_of(&program, "cospin"));
    let main = frames
        .iter()
        .find(|f| f["name"] == "main chunk")
        .expect("main chunk");
    assert_eq!(main["line"], line_of(&program, "resume"));
    dap.terminate_and_finish();
}

#[test]
fn terminate_while_running() {
    let mut dap = Dap::start();
    dap.launch(&fixture("infinite.lua"), json!({}), &[]);
    std::thread::sleep(std::time::Duration::from_millis(100));
    dap.terminate_and_finish();
}

/// Requests that need the VM while the script runs are served at its next
/// instruction, without stopping it (the path `VmHandle::run_on_vm` uses).
#[test]
fn requests_are_served_while_running_without_a_stop() {
    let mut dap = Dap::start();
    dap.launch(&fixture("infinite.lua"), json!({}), &[]);
    std::thread::sleep(std::time::Duration::from_millis(100));
    let body = dap.ok(
        "evaluate",
        json!({"expression": "1 + 1", "context": "repl"}),
    );
    assert_eq!(body["result"], "2");
    let body = dap.ok(
        "evaluate",
        json!({"expression": "type(print)", "context": "repl"}),
    );
    assert_eq!(body["result"], "\"function\"");
    // Frames need a stopped program.
    let message = dap.fails("stackTrace", json!({"threadId": 1}));
    assert!(message.contains("running"), "{message}");
    assert!(!dap.history.iter().any(|m| m["event"] == "stopped"));
    dap.terminate_and_finish();
}

#[test]
fn a_pause_right_after_continue_is_not_lost() {
    let mut dap = Dap::start();
    dap.launch(&fixture("infinite.lua"), json!({}), &[]);
    dap.ok("pause", json!({"threadId": 1}));
    dap.stopped("pause");
    // The pause is sent as soon as the continue is answered, while the VM
    // thread may still be leaving its stop loop.
    for _ in 0..50 {
        dap.ok("continue", json!({"threadId": 1}));
        dap.ok("pause", json!({"threadId": 1}));
        dap.stopped("pause");
    }
    dap.terminate_and_finish();
}
