//! Breakpoints the hook must not miss now that it decides per function and
//! runs the return hook only when a function below has breakpoint lines
//! (debugger/hook/event.rs, debugger/hook/protos.rs).

use super::support;

use serde_json::{json, Value};
use support::{fixture, line_of, Dap};

/// Runs hook_paths.lua with `breakpoints` (marker, condition) in it and the
/// marked chunk's line; returns the line of every stop.
fn stops(breakpoints: &[(&str, Option<&str>)], marked: bool) -> Vec<i64> {
    let mut dap = Dap::start();
    let program = fixture("hook_paths.lua");
    let chunk = fixture("lib/marked_chunk.lua");
    dap.initialize();
    dap.ok("launch", json!({"program": program}));
    dap.event("initialized");
    let bps: Vec<Value> = breakpoints
        .iter()
        .map(|(marker, condition)| {
            let mut bp = json!({"line": line_of(&program, marker)});
            if let Some(c) = condition {
                bp["condition"] = json!(c);
            }
            bp
        })
        .collect();
    dap.ok(
        "setBreakpoints",
        json!({"source": {"path": program}, "breakpoints": bps}),
    );
    if marked {
        dap.set_breakpoints(&chunk, &[line_of(&chunk, "marked")]);
    }
    dap.ok("configurationDone", Value::Null);
    let (lines, code) = dap.each_stop(|dap| dap.frames()[0]["line"].as_i64().expect("line"));
    assert_eq!(code, 0);
    dap.finish();
    lines
}

#[test]
fn returning_from_a_deep_call_or_an_error_reaches_the_breakpoint() {
    let program = fixture("hook_paths.lua");
    let seen = stops(
        &[
            ("after_deep", None),
            ("after_error", None),
            ("main_after", None),
        ],
        false,
    );
    let expected: Vec<i64> = ["after_deep", "after_error", "main_after"]
        .iter()
        .map(|m| line_of(&program, m))
        .collect();
    assert_eq!(seen, expected);
}

#[test]
fn simple_conditions_read_the_innermost_local() {
    let program = fixture("hook_paths.lua");
    let shadow = line_of(&program, "shadow");
    assert_eq!(stops(&[("shadow", Some("v == 2"))], false), [shadow]);
    assert_eq!(
        stops(&[("shadow", Some("v == 1"))], false),
        Vec::<i64>::new()
    );
}

#[test]
fn a_chunk_loaded_where_a_dead_one_was_stops() {
    let chunk = fixture("lib/marked_chunk.lua");
    let marked = line_of(&chunk, "marked");
    assert_eq!(stops(&[], true), [marked, marked, marked]);
}

/// Runs `program` with one breakpoint, in lib/greeting.lua's `greet`;
/// returns the stack's function names at each stop.
fn stops_in_greeting(program: &str) -> Vec<Vec<String>> {
    let mut dap = Dap::start();
    let lib = fixture("lib/greeting.lua");
    dap.launch(
        program,
        json!({"luaPath": format!("{}/lib/?.lua", support::fixtures_dir())}),
        &[(&lib, &[line_of(&lib, "greet")])],
    );
    let (stacks, code) = dap.each_stop(|dap| {
        let names: Vec<String> = dap.frames().iter().map(|f| f["name"].to_string()).collect();
        names
    });
    assert_eq!(code, 0);
    dap.finish();
    stacks
}

/// No hook runs until code of a file with breakpoints exists
/// (debugger/loaded.rs); the file's functions must still stop.
#[test]
fn a_breakpoint_only_in_a_file_loaded_later_stops() {
    let stacks = stops_in_greeting(&fixture("breakpoints.lua"));
    assert_eq!(stacks.len(), 1, "{stacks:?}");
    assert_eq!(stacks[0][0], "\"greet\"");
    let stacks = stops_in_greeting(&fixture("late_load.lua"));
    assert_eq!(stacks.len(), 1, "{stacks:?}");
    assert_eq!(stacks[0][0], "\"greet\"");
}

#[test]
fn a_file_compiled_from_a_reader_function_stops() {
    let mut dap = Dap::start();
    let program = fixture("reader_load.lua");
    let chunk = fixture("lib/marked_chunk.lua");
    dap.launch(
        &program,
        json!({}),
        &[(&chunk, &[line_of(&chunk, "marked")])],
    );
    let (lines, code) = dap.each_stop(|dap| dap.frames()[0]["line"].as_i64().expect("line"));
    assert_eq!(code, 0);
    assert_eq!(lines, [line_of(&chunk, "marked")]);
    dap.finish();
}
