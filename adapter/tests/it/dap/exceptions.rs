//! Exception breakpoints (`uncaught`, `raised`) and `exceptionInfo`.

use super::support;

use serde_json::json;
use support::{fixture, line_of, Dap};

fn launch_with_filters(program: &str, filters: &[&str]) -> Dap {
    let mut dap = Dap::start();
    dap.initialize();
    dap.ok("launch", json!({"program": program}));
    dap.event("initialized");
    dap.ok("setExceptionBreakpoints", json!({"filters": filters}));
    dap.ok("configurationDone", json!(null));
    dap
}

#[test]
fn uncaught_errors_stop_before_unwinding() {
    let program = fixture("exceptions.lua");
    let mut dap = launch_with_filters(&program, &["uncaught"]);
    let stop = dap.stopped("exception");
    assert!(
        support::nil_index_error(stop["text"].as_str().unwrap()),
        "{stop}"
    );
    // The frames are those of the error, not unwound.
    let frames = dap.frames();
    assert_eq!(frames[0]["name"], "boom");
    assert_eq!(frames[0]["line"], line_of(&program, "boom"));
    let info = dap.ok("exceptionInfo", json!({"threadId": 1}));
    assert_eq!(info["breakMode"], "unhandled");
    assert!(info["description"]
        .as_str()
        .unwrap()
        .contains("attempt to index"));
    assert!(info["details"]["stackTrace"]
        .as_str()
        .unwrap()
        .contains("stack traceback"));
    // The caught error printed before the stop: no stop for it.
    assert!(dap
        .output(Some("stdout"))
        .contains("pcall returned\tfalse\t"));
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 1);
    let stderr = dap.output(Some("stderr"));
    assert!(support::nil_index_error(&stderr), "{stderr}");
    assert!(stderr.contains("stack traceback"), "{stderr}");
    dap.finish();
}

#[test]
fn raised_filter_stops_inside_pcall_too() {
    let program = fixture("exceptions.lua");
    let mut dap = launch_with_filters(&program, &["raised"]);
    let stop = dap.stopped("exception");
    assert!(
        stop["text"].as_str().unwrap().contains("caught one"),
        "{stop}"
    );
    let frames = dap.frames();
    // `fail` is called by pcall, a C function: Lua knows no name for it.
    assert!(
        frames[0]["name"]
            .as_str()
            .unwrap()
            .contains("exceptions.lua:2>"),
        "{frames:?}"
    );
    assert_eq!(frames[0]["line"], line_of(&program, "raise"));
    let info = dap.ok("exceptionInfo", json!({"threadId": 1}));
    assert_eq!(info["breakMode"], "always");
    dap.ok("continue", json!({"threadId": 1}));
    // pcall still catches it.
    dap.stopped("exception");
    assert!(dap
        .output(Some("stdout"))
        .contains("pcall returned\tfalse\t"));
    assert_eq!(dap.frames()[0]["name"], "boom");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 1);
    dap.finish();
}

#[test]
fn without_filters_errors_end_the_script() {
    let mut dap = launch_with_filters(&fixture("exceptions.lua"), &[]);
    assert_eq!(dap.exit_code(), 1);
    assert!(!dap.history.iter().any(|m| m["event"] == "stopped"));
    let stderr = dap.output(Some("stderr"));
    assert!(support::nil_index_error(&stderr), "{stderr}");
    assert!(
        stderr.contains("in local 'boom'") || stderr.contains("boom"),
        "{stderr}"
    );
    dap.finish();
}

#[test]
fn errors_through_coroutine_wrap() {
    let program = fixture("cowrap_error.lua");
    let mut dap = launch_with_filters(&program, &["uncaught"]);
    let stop = dap.stopped("exception");
    assert!(
        stop["text"].as_str().unwrap().contains("inside coroutine"),
        "{stop}"
    );
    let frames = dap.frames();
    assert!(
        frames
            .iter()
            .any(|f| f["line"] == line_of(&program, "call")),
        "{frames:?}"
    );
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 1);
    dap.finish();
}
