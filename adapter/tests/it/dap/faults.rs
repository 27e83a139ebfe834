//! Faults the adapter survives: runtime errors, errors in `__gc`,
//! `os.exit`, stack overflow, memory exhaustion, and a client that goes
//! away.

use super::support;

use serde_json::json;
use support::{fixture, Dap};

#[test]
fn runtime_error_without_a_filter_ends_with_code_1() {
    let mut dap = Dap::start();
    dap.launch(&fixture("exceptions.lua"), json!({}), &[]);
    assert_eq!(dap.exit_code(), 1);
    assert!(support::nil_index_error(&dap.output(Some("stderr"))));
    dap.finish();
}

#[test]
fn error_inside_gc_is_reported_and_survived() {
    if super::runtime::skip_on(
        &["luajit", "lua5.1", "lua5.3"],
        "no warn (5.3 raises a __gc error where the collector ran; LuaJIT and 5.1 have no __gc on tables)",
    ) {
        return;
    }
    let mut dap = Dap::start();
    dap.launch(&fixture("gc_error.lua"), json!({}), &[]);
    assert_eq!(dap.exit_code(), 0);
    let stderr = dap.output(Some("stderr"));
    assert!(stderr.contains("error in __gc"), "{stderr}");
    assert!(stderr.contains("gc failure"), "{stderr}");
    assert!(dap.output(Some("stdout")).contains("still running"));
    dap.finish();
}

#[test]
fn os_exit_3() {
    let mut dap = Dap::start();
    dap.launch(&fixture("exit3.lua"), json!({}), &[]);
    assert_eq!(dap.exit_code(), 3);
    dap.finish();
}

#[test]
fn stack_overflow_stops_and_pages() {
    let mut dap = Dap::start();
    dap.initialize();
    dap.ok("launch", json!({"program": fixture("overflow.lua")}));
    dap.event("initialized");
    dap.ok("setExceptionBreakpoints", json!({"filters": ["uncaught"]}));
    dap.ok("configurationDone", json!(null));
    let stop = dap.stopped("exception");
    assert!(
        stop["text"].as_str().unwrap().contains("stack overflow"),
        "{stop}"
    );
    let page = dap.ok(
        "stackTrace",
        json!({"threadId": 1, "startFrame": 0, "levels": 20}),
    );
    assert_eq!(page["stackFrames"].as_array().unwrap().len(), 20);
    assert!(
        page["totalFrames"].as_i64().unwrap() > 1000,
        "{}",
        page["totalFrames"]
    );
    assert_eq!(page["stackFrames"][0]["name"], "recurse");
    let far = dap.ok(
        "stackTrace",
        json!({"threadId": 1, "startFrame": 5000, "levels": 3}),
    );
    assert_eq!(far["stackFrames"].as_array().unwrap().len(), 3);
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 1);
    assert!(dap.output(Some("stderr")).contains("stack overflow"));
    dap.finish();
}

#[test]
fn stack_overflow_without_a_filter() {
    let mut dap = Dap::start();
    dap.launch(&fixture("overflow.lua"), json!({}), &[]);
    assert_eq!(dap.exit_code(), 1);
    assert!(dap.output(Some("stderr")).contains("stack overflow"));
    dap.finish();
}

#[test]
fn memory_exhaustion_under_a_limit() {
    let mut dap = Dap::start();
    dap.launch(&fixture("memory.lua"), json!({"memoryLimitMB": 32}), &[]);
    assert_eq!(dap.exit_code(), 1);
    let stderr = dap.output(Some("stderr"));
    assert!(stderr.contains("not enough memory"), "{stderr}");
    dap.finish();
}

#[test]
fn client_vanishing_mid_session_ends_the_process() {
    let mut dap = Dap::start();
    dap.launch(&fixture("infinite.lua"), json!({}), &[]);
    std::thread::sleep(std::time::Duration::from_millis(100));
    dap.close_stdin();
    assert_eq!(dap.wait_exit(), Some(0));
}

#[test]
fn disconnect_while_running() {
    let mut dap = Dap::start();
    dap.launch(&fixture("infinite.lua"), json!({}), &[]);
    std::thread::sleep(std::time::Duration::from_millis(100));
    dap.finish();
}
