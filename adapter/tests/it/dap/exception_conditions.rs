//! Exception filters with conditions (`filterOptions`), and what the
//! filters announce (the out-of-memory filter's stop is in `runaway.rs`).

use super::support;

use serde_json::{json, Value};
use support::{fixture, line_of, Dap};

const PROGRAM: &str = "exception_conditions.lua";

/// Launches exception_conditions.lua with the exception breakpoints
/// `filters` (the `setExceptionBreakpoints` arguments); returns the client
/// and that request's response body.
fn launch(filters: Value) -> (Dap, Value) {
    let mut dap = Dap::start();
    dap.initialize();
    dap.ok("launch", json!({"program": fixture(PROGRAM)}));
    dap.event("initialized");
    let body = dap.ok("setExceptionBreakpoints", filters);
    dap.ok("configurationDone", json!(null));
    (dap, body)
}

/// The texts of every stop (each continued) until the program exits; its
/// exit code.
fn stops(dap: &mut Dap) -> (Vec<String>, i64) {
    let (_, code) = dap.each_stop(|_| ());
    let texts = dap
        .history
        .iter()
        .filter(|m| m["event"] == "stopped")
        .map(|m| m["body"]["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    dap.event("terminated");
    (texts, code)
}

/// The program fails on its last error without any stop.
fn fails_without_stopping(mut dap: Dap) {
    let (texts, code) = stops(&mut dap);
    assert!(texts.is_empty(), "{texts:?}");
    assert_eq!(code, 1);
    dap.finish();
}

#[test]
fn filters_announce_their_conditions_and_the_out_of_memory_filter() {
    let mut dap = Dap::start();
    let caps = dap.initialize();
    assert_eq!(caps["supportsExceptionFilterOptions"], true);
    let filters = caps["exceptionBreakpointFilters"]
        .as_array()
        .expect("filters");
    let ids: Vec<&str> = filters
        .iter()
        .filter_map(|f| f["filter"].as_str())
        .collect();
    assert_eq!(ids, ["uncaught", "raised", "outOfMemory"]);
    for f in &filters[..2] {
        assert_eq!(f["supportsCondition"], true, "{f}");
        assert!(f["conditionDescription"].as_str().unwrap().contains("err"));
    }
    assert!(filters[2]["supportsCondition"].is_null());
    dap.finish();
}

#[test]
fn a_raised_condition_on_the_message_stops_only_where_it_holds() {
    let (mut dap, body) = launch(json!({"filters": [], "filterOptions": [
            {"filterId": "raised", "condition": "message:find('second')"}]}));
    assert_eq!(body["breakpoints"], json!([{"verified": true}]));
    let (texts, code) = stops(&mut dap);
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].ends_with("second failure"), "{texts:?}");
    assert_eq!(code, 1);
    dap.finish();
}

#[test]
fn a_condition_sees_the_error_value_itself() {
    let program = fixture(PROGRAM);
    let (mut dap, _) = launch(json!({"filters": ["uncaught"], "filterOptions": [
            {"filterId": "raised", "condition": "type(err) == 'table' and err.code == 404"}]}));
    let stop = dap.stopped("exception");
    assert_eq!(stop["text"], "http 404");
    assert_eq!(dap.frames()[0]["line"], line_of(&program, "raise"));
    dap.ok("continue", json!({"threadId": 1}));
    // `uncaught` without a condition: the last error stops too.
    let stop = dap.stopped("exception");
    assert!(stop["text"].as_str().unwrap().ends_with("last failure"));
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 1);
    dap.finish();
}

#[test]
fn an_uncaught_condition_that_does_not_hold_lets_the_program_fail() {
    let (dap, _) = launch(json!({"filters": [], "filterOptions": [
            {"filterId": "uncaught", "condition": "message:find('second')"}]}));
    fails_without_stopping(dap);
}

#[test]
fn a_condition_that_does_not_compile_is_an_unverified_filter() {
    let (dap, body) = launch(json!({"filters": ["nonsense"], "filterOptions": [
            {"filterId": "raised", "condition": "message:find("},
            {"filterId": "outOfMemory", "condition": "true"}]}));
    let verdicts = body["breakpoints"].as_array().expect("breakpoints");
    assert_eq!(verdicts.len(), 3, "{body}");
    assert!(verdicts.iter().all(|v| v["verified"] == false), "{body}");
    assert!(verdicts[0]["message"]
        .as_str()
        .unwrap()
        .contains("unknown exception filter"));
    assert!(verdicts[1]["message"]
        .as_str()
        .unwrap()
        .contains("invalid condition"));
    assert!(verdicts[2]["message"]
        .as_str()
        .unwrap()
        .contains("takes no condition"));
    fails_without_stopping(dap);
}

#[test]
fn a_condition_that_fails_says_so_and_stops() {
    let (mut dap, _) = launch(json!({"filters": [], "filterOptions": [
            {"filterId": "raised", "condition": "err.missing.field"}]}));
    let stop = dap.stopped("exception");
    assert!(stop["text"].as_str().unwrap().ends_with("first failure"));
    let console = dap.wait_output(Some("console"), "exception condition");
    assert!(
        console.contains("exception condition 'err.missing.field' failed:"),
        "{console}"
    );
    dap.terminate_and_finish();
}
