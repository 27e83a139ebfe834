//! `parse_args`: typed arguments, and errors that name the request and the
//! field, since users read them in VS Code.

use super::common;

use common::request;
use dap::parse_args;
use dap::types::*;
use serde_json::{json, Value};

#[test]
fn missing_arguments_count_as_empty_object() {
    let args: DisconnectArguments = parse_args(&request("disconnect", Value::Null)).expect("ok");
    assert_eq!(args, DisconnectArguments::default());
    let _: ConfigurationDoneArguments =
        parse_args(&request("configurationDone", Value::Null)).expect("ok");
}

#[test]
fn missing_required_field_is_named() {
    let err = parse_args::<StackTraceArguments>(&request("stackTrace", Value::Null))
        .expect_err("threadId is required");
    assert_eq!(
        err,
        "invalid arguments for 'stackTrace': missing field 'threadId'"
    );
    let err = parse_args::<LaunchRequestArguments>(&request("launch", json!({"cwd": "/w"})))
        .expect_err("program is required");
    assert_eq!(
        err,
        "invalid arguments for 'launch': missing field 'program'"
    );
}

#[test]
fn nested_missing_field_has_its_full_path() {
    let err = parse_args::<SetBreakpointsArguments>(&request(
        "setBreakpoints",
        json!({"source": {"path": "a.lua"}, "breakpoints": [{"line": 1}, {"column": 2}]}),
    ))
    .expect_err("line is required");
    assert_eq!(
        err,
        "invalid arguments for 'setBreakpoints': missing field 'breakpoints[1].line'"
    );
}

#[test]
fn wrong_type_names_the_field() {
    let err = parse_args::<SetBreakpointsArguments>(&request(
        "setBreakpoints",
        json!({"source": {"path": "a.lua"}, "breakpoints": [{"line": "ten"}]}),
    ))
    .expect_err("line is a number");
    assert!(
        err.starts_with("invalid arguments for 'setBreakpoints': field 'breakpoints[0].line': "),
        "{err}"
    );
    assert!(err.contains("\"ten\""), "{err}");

    let err = parse_args::<LaunchRequestArguments>(&request(
        "launch",
        json!({"program": "main.lua", "memoryLimitMB": "lots"}),
    ))
    .expect_err("a number");
    assert!(err.contains("field 'memoryLimitMB'"), "{err}");

    let err = parse_args::<LaunchRequestArguments>(&request(
        "launch",
        json!({"program": "main.lua", "env": {"A": 1}}),
    ))
    .expect_err("env values are strings");
    assert!(err.contains("field 'env.A'"), "{err}");
}

#[test]
fn arguments_must_be_an_object() {
    let err = parse_args::<PauseArguments>(&request("pause", json!([1]))).expect_err("array");
    assert_eq!(
        err,
        "invalid arguments for 'pause': expected an object, got an array"
    );
}

#[test]
fn unknown_fields_are_ignored() {
    let args: LaunchRequestArguments = parse_args(&request(
        "launch",
        json!({"type": "lua-snapshot", "request": "launch", "name": "Run",
               "program": "main.lua", "__sessionId": "abc", "env": {"X": null}}),
    ))
    .expect("ok");
    assert_eq!(args.program, "main.lua");
    assert_eq!(args.env.get("X"), Some(&None));
    assert!(args.args.is_empty());
}

#[test]
fn request_args_method() {
    let req = request("scopes", json!({"frameId": 3}));
    let args: ScopesArguments = req.args().expect("ok");
    assert_eq!(args.frame_id, 3);
}
