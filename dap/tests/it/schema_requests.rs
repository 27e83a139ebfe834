//! Requests built from the typed arguments validate against the official
//! `<Command>Request` definitions: the argument types spell every field as
//! the schema does. They also parse back to the same value.

use super::common;

use std::collections::HashMap;

use common::valid;
use dap::types::*;
use dap::{parse_args, Request};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Builds the request, validates it, and checks `parse_args` round-trips.
fn check<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(command: &str, args: T) {
    let arguments = serde_json::to_value(&args).expect("json");
    let req = Request::new(3, command, arguments);
    let value = serde_json::to_value(&req).expect("json");
    valid(&value);
    let parsed = Request::from_value(value).expect("request");
    assert_eq!(parse_args::<T>(&parsed), Ok(args));
}

fn source() -> Source {
    Source {
        name: Some("bus.lua".into()),
        path: Some("/work/game/bus.lua".into()),
        ..Source::default()
    }
}

#[test]
fn initialize() {
    check(
        "initialize",
        InitializeRequestArguments {
            client_id: Some("vscode".into()),
            client_name: Some("Visual Studio Code".into()),
            adapter_id: Some("lua-snapshot".into()),
            locale: Some("en".into()),
            lines_start_at_1: Some(true),
            columns_start_at_1: Some(true),
            path_format: Some("path".into()),
            supports_variable_type: Some(true),
            supports_variable_paging: Some(true),
            supports_run_in_terminal_request: Some(true),
            supports_memory_references: Some(true),
            supports_progress_reporting: Some(true),
            supports_invalidated_event: Some(true),
            supports_memory_event: Some(true),
            supports_args_can_be_interpreted_by_shell: Some(true),
            supports_start_debugging_request: Some(true),
            supports_ansi_styling: Some(true),
        },
    );
}

#[test]
fn launch_with_adapter_fields() {
    let args = LaunchRequestArguments {
        no_debug: Some(false),
        restart: Some(Value::Bool(true)),
        program: "main.lua".into(),
        args: vec!["--level".into(), "3".into()],
        cwd: Some("/work/game".into()),
        env: HashMap::from([
            ("LUA_INIT".to_owned(), None),
            ("MODE".to_owned(), Some("test".to_owned())),
        ]),
        stop_on_entry: Some(true),
        lua_path: Some("./?.lua".into()),
        lua_c_path: Some("./?.so".into()),
        memory_limit_mb: Some(512),
        snapshot_on_stop: Some(true),
        max_snapshots: Some(10),
        console: Some("integratedTerminal".into()),
    };
    let value = serde_json::to_value(&args).expect("json");
    for key in [
        "__restart",
        "luaCPath",
        "memoryLimitMB",
        "stopOnEntry",
        "noDebug",
    ] {
        assert!(value.get(key).is_some(), "{key} missing in {value}");
    }
    check("launch", args.clone());

    // The official `RestartArguments.arguments` is a `oneOf` of launch and
    // attach arguments, two open objects: any object matches both, so no
    // restart request with arguments can pass it. Check the parts instead.
    let schema = dap::schema::DapSchema::official().expect("schema");
    let restart = RestartArguments {
        arguments: Some(args.clone()),
    };
    let req = Request::new(4, "restart", serde_json::to_value(&restart).expect("json"));
    let value = serde_json::to_value(&req).expect("json");
    assert!(schema.validate(&value).is_err(), "the schema quirk is gone");
    schema
        .validate_as("Request", &value)
        .expect("valid request");
    let inner = serde_json::to_value(&args).expect("json");
    schema
        .validate_as("LaunchRequestArguments", &inner)
        .expect("valid launch arguments");
    assert_eq!(parse_args::<RestartArguments>(&req), Ok(restart));
}

#[test]
fn set_breakpoints() {
    let args = SetBreakpointsArguments {
        source: source(),
        breakpoints: Some(vec![
            SourceBreakpoint {
                line: 16,
                column: Some(3),
                condition: Some("n > 10".into()),
                hit_condition: Some(">= 3".into()),
                log_message: Some("n = {n}".into()),
                mode: Some("soft".into()),
            },
            SourceBreakpoint {
                line: 20,
                ..SourceBreakpoint::default()
            },
        ]),
        lines: Some(vec![16, 20]),
        source_modified: Some(false),
    };
    let value = serde_json::to_value(&args).expect("json");
    assert_eq!(value["breakpoints"][0]["hitCondition"], ">= 3");
    assert_eq!(value["breakpoints"][0]["logMessage"], "n = {n}");
    check("setBreakpoints", args);
}

#[test]
fn set_exception_breakpoints() {
    check(
        "setExceptionBreakpoints",
        SetExceptionBreakpointsArguments {
            filters: vec!["error".into()],
            filter_options: Some(vec![ExceptionFilterOptions {
                filter_id: "error".into(),
                condition: Some("true".into()),
                mode: None,
            }]),
            exception_options: Some(vec![ExceptionOptions {
                path: Some(vec![ExceptionPathSegment {
                    negate: Some(false),
                    names: vec!["error".into()],
                }]),
                break_mode: ExceptionBreakMode::Unhandled,
            }]),
        },
    );
}

#[test]
fn execution_control() {
    check("exceptionInfo", ExceptionInfoArguments { thread_id: 1 });
    check("configurationDone", ConfigurationDoneArguments {});
    check(
        "continue",
        ContinueArguments {
            thread_id: 1,
            single_thread: Some(true),
        },
    );
    let step = StepArguments {
        thread_id: 1,
        single_thread: Some(false),
        granularity: Some(SteppingGranularity::Line),
    };
    check("next", step.clone());
    check("stepOut", step);
    check(
        "stepIn",
        StepInArguments {
            thread_id: 1,
            single_thread: None,
            target_id: Some(2),
            granularity: Some(SteppingGranularity::Statement),
        },
    );
    check("pause", PauseArguments { thread_id: 1 });
    check(
        "terminate",
        TerminateArguments {
            restart: Some(false),
        },
    );
    check(
        "disconnect",
        DisconnectArguments {
            restart: Some(false),
            terminate_debuggee: Some(true),
            suspend_debuggee: Some(false),
        },
    );
}

#[test]
fn inspection() {
    check(
        "stackTrace",
        StackTraceArguments {
            thread_id: 1,
            start_frame: Some(0),
            levels: Some(20),
            format: Some(StackFrameFormat {
                hex: Some(false),
                parameters: Some(true),
                parameter_types: Some(true),
                parameter_names: Some(true),
                parameter_values: Some(true),
                line: Some(true),
                module: Some(false),
                include_all: Some(false),
            }),
        },
    );
    check("scopes", ScopesArguments { frame_id: 1000 });
    check(
        "variables",
        VariablesArguments {
            variables_reference: 7,
            filter: Some(VariablesFilter::Indexed),
            start: Some(0),
            count: Some(100),
            format: Some(ValueFormat { hex: Some(true) }),
        },
    );
    check(
        "setVariable",
        SetVariableArguments {
            variables_reference: 7,
            name: "n".into(),
            value: "42".into(),
            format: None,
        },
    );
    check(
        "evaluate",
        EvaluateArguments {
            expression: "#bus.handlers".into(),
            frame_id: Some(1000),
            line: Some(16),
            column: Some(5),
            source: Some(source()),
            context: Some("hover".into()),
            format: Some(ValueFormat::default()),
        },
    );
    check(
        "source",
        SourceArguments {
            source: Some(Source {
                source_reference: Some(3),
                ..Source::default()
            }),
            source_reference: 3,
        },
    );
}

#[test]
fn threads_request_without_arguments() {
    let value = serde_json::to_value(Request::new(2, "threads", Value::Null)).expect("json");
    assert!(value.get("arguments").is_none());
    valid(&value);
}

#[test]
fn run_in_terminal_reverse_request() {
    check(
        "runInTerminal",
        RunInTerminalRequestArguments {
            kind: Some("integrated".into()),
            title: Some("Lua: main.lua".into()),
            cwd: "/work/game".into(),
            args: vec![
                "lua-snapshot".into(),
                "terminal-relay".into(),
                "/tmp/s".into(),
            ],
        },
    );
}
