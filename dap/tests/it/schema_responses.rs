//! Every response body the adapter sends, inside its envelope, validates
//! against the official definition for that command.

use super::common;

use common::{request, response, valid, wire};
use dap::types::*;
use dap::Response;
use serde_json::{json, Value};

fn lua_source(path: &str) -> Source {
    Source {
        name: Some(path.rsplit('/').next().unwrap_or(path).to_owned()),
        path: Some(path.to_owned()),
        ..Source::default()
    }
}

fn all_capabilities() -> Capabilities {
    Capabilities {
        supports_configuration_done_request: Some(true),
        supports_function_breakpoints: Some(false),
        supports_conditional_breakpoints: Some(true),
        supports_hit_conditional_breakpoints: Some(true),
        supports_evaluate_for_hovers: Some(true),
        exception_breakpoint_filters: Some(vec![ExceptionBreakpointsFilter {
            filter: "error".into(),
            label: "Lua errors".into(),
            description: Some("Stop when error() is raised".into()),
            default: Some(true),
            supports_condition: Some(false),
            condition_description: Some("unused".into()),
        }]),
        supports_step_back: Some(false),
        supports_set_variable: Some(true),
        supports_restart_frame: Some(false),
        supports_goto_targets_request: Some(false),
        supports_step_in_targets_request: Some(false),
        supports_completions_request: Some(false),
        completion_trigger_characters: Some(vec![".".into(), ":".into()]),
        supports_modules_request: Some(false),
        additional_module_columns: Some(vec![ColumnDescriptor {
            attribute_name: "size".into(),
            label: "Size".into(),
            format: Some("{value} B".into()),
            type_: Some("number".into()),
            width: Some(8),
        }]),
        supported_checksum_algorithms: Some(vec![ChecksumAlgorithm::Sha256]),
        supports_restart_request: Some(true),
        supports_exception_options: Some(false),
        supports_value_formatting_options: Some(false),
        supports_exception_info_request: Some(true),
        support_terminate_debuggee: Some(true),
        support_suspend_debuggee: Some(false),
        supports_delayed_stack_trace_loading: Some(true),
        supports_loaded_sources_request: Some(false),
        supports_log_points: Some(true),
        supports_terminate_threads_request: Some(false),
        supports_set_expression: Some(false),
        supports_terminate_request: Some(true),
        supports_data_breakpoints: Some(false),
        supports_read_memory_request: Some(false),
        supports_write_memory_request: Some(false),
        supports_disassemble_request: Some(false),
        supports_cancel_request: Some(false),
        supports_breakpoint_locations_request: Some(false),
        supports_clipboard_context: Some(true),
        supports_stepping_granularity: Some(false),
        supports_instruction_breakpoints: Some(false),
        supports_exception_filter_options: Some(false),
        supports_single_thread_execution_requests: Some(false),
        supports_data_breakpoint_bytes: Some(false),
        breakpoint_modes: Some(vec![BreakpointMode {
            mode: "soft".into(),
            label: "Software".into(),
            description: Some("Line hook".into()),
            applies_to: vec!["source".into()],
        }]),
        supports_ansi_styling: Some(true),
    }
}

#[test]
fn initialize_with_every_capability() {
    valid(&response("initialize", all_capabilities()));
    valid(&response("initialize", Capabilities::default()));
}

#[test]
fn capabilities_cover_exactly_the_schema_fields() {
    let path = dap::schema::default_schema_path();
    let text = std::fs::read_to_string(&path).expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema json");
    let mut expected: Vec<&String> = schema["definitions"]["Capabilities"]["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .collect();
    let ours = serde_json::to_value(all_capabilities()).expect("json");
    let mut got: Vec<&String> = ours.as_object().expect("object").keys().collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn bodiless_responses() {
    for command in [
        "launch",
        "configurationDone",
        "next",
        "stepIn",
        "stepOut",
        "pause",
        "terminate",
        "disconnect",
        "restart",
    ] {
        valid(&response(command, ()));
    }
}

#[test]
fn set_breakpoints() {
    let body = SetBreakpointsResponseBody {
        breakpoints: vec![
            Breakpoint {
                id: Some(1),
                verified: true,
                source: Some(lua_source("/work/game/bus.lua")),
                line: Some(16),
                column: Some(1),
                end_line: Some(16),
                end_column: Some(30),
                ..Breakpoint::default()
            },
            Breakpoint {
                id: Some(2),
                verified: false,
                message: Some("no code on line 3".into()),
                line: Some(3),
                reason: Some(BreakpointReason::Failed),
                instruction_reference: Some("0x10".into()),
                offset: Some(-2),
                ..Breakpoint::default()
            },
        ],
    };
    valid(&response("setBreakpoints", body));
}

#[test]
fn set_exception_breakpoints() {
    valid(&response(
        "setExceptionBreakpoints",
        SetExceptionBreakpointsResponseBody {
            breakpoints: Some(vec![Breakpoint {
                verified: true,
                ..Breakpoint::default()
            }]),
        },
    ));
}

#[test]
fn exception_info() {
    let body = ExceptionInfoResponseBody {
        exception_id: "error".into(),
        description: Some("bus.lua:16: attempt to index a nil value".into()),
        break_mode: ExceptionBreakMode::Always,
        details: Some(ExceptionDetails {
            message: Some("attempt to index a nil value (field 'x')".into()),
            type_name: Some("string".into()),
            full_type_name: Some("string".into()),
            evaluate_name: Some("err".into()),
            stack_trace: Some("stack traceback:\n\tbus.lua:16: in function 'tick'".into()),
            inner_exception: Some(vec![ExceptionDetails::default()]),
        }),
    };
    valid(&response("exceptionInfo", body));
}

#[test]
fn threads() {
    valid(&response(
        "threads",
        ThreadsResponseBody {
            threads: vec![Thread {
                id: 1,
                name: "main".into(),
            }],
        },
    ));
}

#[test]
fn stack_trace() {
    let body = StackTraceResponseBody {
        stack_frames: vec![
            StackFrame {
                id: 1000,
                name: "tick".into(),
                source: Some(Source {
                    source_reference: Some(0),
                    origin: Some("file".into()),
                    presentation_hint: Some(SourcePresentationHint::Normal),
                    checksums: Some(vec![Checksum {
                        algorithm: ChecksumAlgorithm::Md5,
                        checksum: "d41d8cd98f00b204e9800998ecf8427e".into(),
                    }]),
                    adapter_data: Some(json!({"chunk": 3})),
                    sources: Some(vec![lua_source("gen.lua")]),
                    ..lua_source("/work/game/bus.lua")
                }),
                line: 16,
                column: 1,
                end_line: Some(16),
                end_column: Some(10),
                can_restart: Some(false),
                instruction_pointer_reference: Some("0x4".into()),
                module_id: Some(json!("bus")),
                presentation_hint: Some(StackFramePresentationHint::Normal),
            },
            StackFrame {
                id: 1001,
                name: "[C] pcall".into(),
                line: 0,
                column: 0,
                presentation_hint: Some(StackFramePresentationHint::Subtle),
                ..StackFrame::default()
            },
        ],
        total_frames: Some(2),
    };
    valid(&response("stackTrace", body));
}

#[test]
fn scopes() {
    let body = ScopesResponseBody {
        scopes: vec![
            Scope {
                name: "Locals".into(),
                presentation_hint: Some("locals".into()),
                variables_reference: 7,
                named_variables: Some(3),
                expensive: false,
                source: Some(lua_source("bus.lua")),
                line: Some(10),
                column: Some(1),
                end_line: Some(20),
                end_column: Some(4),
                ..Scope::default()
            },
            Scope {
                name: "Globals".into(),
                variables_reference: 8,
                indexed_variables: Some(0),
                expensive: true,
                ..Scope::default()
            },
        ],
    };
    valid(&response("scopes", body));
}

#[test]
fn variables() {
    let body = VariablesResponseBody {
        variables: vec![
            Variable {
                name: "handlers".into(),
                value: "table: 0x55d2c0a1b2c0".into(),
                type_: Some("table".into()),
                presentation_hint: Some(VariablePresentationHint {
                    kind: Some("data".into()),
                    attributes: Some(vec!["readOnly".into()]),
                    visibility: Some("public".into()),
                    lazy: Some(false),
                }),
                evaluate_name: Some("bus.handlers".into()),
                variables_reference: 12,
                named_variables: Some(2),
                indexed_variables: Some(40),
                memory_reference: Some("0x55d2c0a1b2c0".into()),
                declaration_location_reference: Some(1),
                value_location_reference: Some(2),
            },
            Variable {
                name: "[1]".into(),
                value: "42".into(),
                variables_reference: 0,
                ..Variable::default()
            },
        ],
    };
    valid(&response("variables", body));
}

#[test]
fn set_variable() {
    valid(&response(
        "setVariable",
        SetVariableResponseBody {
            value: "\"hello\"".into(),
            type_: Some("string".into()),
            variables_reference: Some(0),
            named_variables: Some(0),
            indexed_variables: Some(0),
            memory_reference: Some("0x1".into()),
            value_location_reference: Some(0),
        },
    ));
}

#[test]
fn evaluate() {
    valid(&response(
        "evaluate",
        EvaluateResponseBody {
            result: "3".into(),
            type_: Some("number".into()),
            presentation_hint: Some(VariablePresentationHint::default()),
            variables_reference: 0,
            named_variables: Some(0),
            indexed_variables: Some(0),
            memory_reference: Some("0x2".into()),
            value_location_reference: Some(4),
        },
    ));
}

#[test]
fn continue_response_has_a_body() {
    let value = response("continue", ContinueResponseBody::default());
    assert_eq!(value["body"], json!({}));
    valid(&value);
    valid(&response(
        "continue",
        ContinueResponseBody {
            all_threads_continued: Some(true),
        },
    ));
}

#[test]
fn source() {
    valid(&response(
        "source",
        SourceResponseBody {
            content: "return 1\n".into(),
            mime_type: Some("text/x-lua".into()),
        },
    ));
}

#[test]
fn error_response() {
    let req = request("stackTrace", json!({"threadId": 9}));
    let value = wire(Response::error(&req, "no thread 9"));
    assert_eq!(value["success"], false);
    assert_eq!(value["message"], "no thread 9");
    assert_eq!(
        value["body"]["error"],
        json!({"id": 1, "format": "no thread 9", "showUser": true})
    );
    valid(&value);
}

#[test]
fn error_response_with_full_message() {
    let message = Message {
        id: 4012,
        format: "cannot open {path}".into(),
        variables: Some([("path".to_owned(), "/tmp/x.lua".to_owned())].into()),
        send_telemetry: Some(false),
        show_user: Some(true),
        url: Some("https://example.invalid/help".into()),
        url_label: Some("Help".into()),
    };
    valid(&wire(Response::error_with(5, "launch", message)));
}

#[test]
fn unknown_command_is_answered() {
    let req = dap::Request::from_value(json!({
        "seq": 41, "type": "request", "command": "frobnicate", "arguments": {"x": 1}
    }))
    .expect("request");
    let value = wire(Response::error(&req, "unknown command 'frobnicate'"));
    assert_eq!(value["request_seq"], 41);
    assert_eq!(value["command"], "frobnicate");
    valid(&value);
}
