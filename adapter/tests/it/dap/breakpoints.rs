//! Line breakpoints: verification and line adjustment, conditions, hit
//! conditions, log points, other files, and changes while the script runs.

use super::support;

use serde_json::{json, Value};
use support::{fixture, fixtures_dir, line_of, Dap};

fn launch_args() -> Value {
    json!({"cwd": fixtures_dir(), "luaPath": format!("{}/lib/?.lua", fixtures_dir())})
}

fn top_line(dap: &mut Dap) -> i64 {
    dap.frames()[0]["line"].as_i64().expect("line")
}

#[test]
fn lines_without_code_move_to_the_next_line_with_code() {
    let mut dap = Dap::start();
    let program = fixture("breakpoints.lua");
    dap.initialize();
    dap.ok(
        "launch",
        json!({"program": program})
            .as_object()
            .unwrap()
            .clone()
            .into_iter()
            .chain(launch_args().as_object().unwrap().clone())
            .collect::<serde_json::Map<_, _>>()
            .into(),
    );
    dap.event("initialized");
    let comment = line_of(&program, "comment");
    let body = dap.set_breakpoints(&program, &[comment, 1000]);
    let bps = body["breakpoints"].as_array().expect("breakpoints");
    assert_eq!(bps.len(), 2);
    assert_eq!(bps[0]["verified"], true);
    // Past the comment, the blank line and `local function add(i)`, whose
    // line has code (the closure is created there).
    let moved = bps[0]["line"].as_i64().unwrap();
    assert!(
        moved > comment && moved <= line_of(&program, "add"),
        "{body}"
    );
    assert_eq!(bps[1]["verified"], false);
    assert!(bps[1]["message"].as_str().unwrap().contains("1000"));
    // A file that does not compile, and a source without a path.
    let bad = dap.set_breakpoints(&fixture("syntax_error.lua"), &[2]);
    assert_eq!(bad["breakpoints"][0]["verified"], false);
    assert!(bad["breakpoints"][0]["message"]
        .as_str()
        .unwrap()
        .contains(":3:"));
    let nopath = dap.ok(
        "setBreakpoints",
        json!({"source": {"sourceReference": 7}, "breakpoints": [{"line": 1}]}),
    );
    assert_eq!(nopath["breakpoints"][0]["verified"], false);
    dap.ok("configurationDone", Value::Null);
    dap.stopped("breakpoint");
    assert_eq!(top_line(&mut dap), moved);
    dap.set_breakpoints(&program, &[]);
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}

#[test]
fn hits_report_the_breakpoint_and_other_files_work() {
    let mut dap = Dap::start();
    let program = fixture("breakpoints.lua");
    let lib = fixture("lib/greeting.lua");
    let bodies = dap.launch(
        &program,
        launch_args(),
        &[
            (&program, &[line_of(&program, "last")]),
            (&lib, &[line_of(&lib, "greet")]),
        ],
    );
    let lib_id = bodies[1]["breakpoints"][0]["id"].clone();
    let last_id = bodies[0]["breakpoints"][0]["id"].clone();
    let stop = dap.stopped("breakpoint");
    assert_eq!(stop["hitBreakpointIds"], json!([lib_id]));
    let frames = dap.frames();
    assert_eq!(frames[0]["source"]["path"], lib);
    assert_eq!(frames[0]["line"], line_of(&lib, "greet"));
    assert_eq!(frames[0]["name"], "greet");
    assert_eq!(frames[1]["source"]["path"], program);
    dap.ok("continue", json!({"threadId": 1}));
    let stop = dap.stopped("breakpoint");
    assert_eq!(stop["hitBreakpointIds"], json!([last_id]));
    assert_eq!(dap.eval("total"), "55");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}

/// Runs breakpoints.lua with one breakpoint at @add; returns the values of
/// `i` at each stop.
fn stops_of(breakpoint: Value) -> (Vec<String>, Dap) {
    let mut dap = Dap::start();
    let program = fixture("breakpoints.lua");
    dap.initialize();
    let mut args = launch_args();
    args["program"] = json!(program);
    dap.ok("launch", args);
    dap.event("initialized");
    let mut bp = breakpoint;
    bp["line"] = json!(line_of(&program, "add"));
    let body = dap.ok(
        "setBreakpoints",
        json!({"source": {"path": program}, "breakpoints": [bp]}),
    );
    assert_eq!(body["breakpoints"][0]["verified"], true, "{body}");
    dap.ok("configurationDone", Value::Null);
    let (seen, _) = dap.each_stop(|dap| dap.eval("i"));
    (seen, dap)
}

#[test]
fn conditions() {
    let (seen, dap) = stops_of(json!({"condition": "i % 4 == 0"}));
    assert_eq!(seen, ["4", "8"]);
    dap.finish();
}

/// `name <op> literal` on a local is decided in the hook (hook/conditions.rs); the
/// answers must be Lua's.
#[test]
fn simple_conditions_decided_in_the_hook() {
    let values = |range: std::ops::RangeInclusive<i32>| -> Vec<String> {
        range.map(|n| n.to_string()).collect()
    };
    for (condition, expected) in [
        ("i == 3", values(3..=3)),
        ("3 >= i", values(1..=3)),
        ("i > 8.5", values(9..=10)),
        ("i == 2.0", values(2..=2)),
        ("i ~= 1", values(2..=10)),
        ("i == 'x'", Vec::new()),
        // Not a local: the general path reads the global (nil).
        ("nothing == nil", values(1..=10)),
    ] {
        let (seen, dap) = stops_of(json!({"condition": condition}));
        assert_eq!(seen, expected, "{condition}");
        dap.finish();
    }
}

#[test]
fn hit_conditions() {
    let (seen, dap) = stops_of(json!({"hitCondition": "5"}));
    assert_eq!(seen, ["5"]);
    dap.finish();
    let (seen, dap) = stops_of(json!({"hitCondition": ">=8"}));
    assert_eq!(seen, ["8", "9", "10"]);
    dap.finish();
    let (seen, dap) = stops_of(json!({"hitCondition": "%3"}));
    assert_eq!(seen, ["3", "6", "9"]);
    dap.finish();
    // Hits count only when the condition holds.
    let (seen, dap) = stops_of(json!({"condition": "i > 5", "hitCondition": "2"}));
    assert_eq!(seen, ["7"]);
    dap.finish();
}

#[test]
fn invalid_hit_condition_is_unverified() {
    let mut dap = Dap::start();
    let program = fixture("breakpoints.lua");
    dap.initialize();
    let body = dap.ok(
        "setBreakpoints",
        json!({"source": {"path": program}, "breakpoints": [{"line": line_of(&program, "add"), "hitCondition": "sometimes"}]}),
    );
    assert_eq!(body["breakpoints"][0]["verified"], false);
    assert!(body["breakpoints"][0]["message"]
        .as_str()
        .unwrap()
        .contains("sometimes"));
    dap.finish();
}

#[test]
fn log_points_interpolate_and_do_not_stop() {
    let (seen, mut dap) =
        stops_of(json!({"logMessage": "i={i} total={total} {{x}} {nosuch.field}"}));
    assert!(seen.is_empty());
    let console = dap.wait_output(Some("console"), "i=10 ");
    assert!(console.contains("i=1 total=0 {x} {error:"), "{console}");
    assert!(console.contains("i=10 total=45"), "{console}");
    // An expression's error is one line: no traceback of the debugger.
    assert!(!console.contains("stack traceback"), "{console}");
    assert_eq!(
        console.lines().filter(|l| l.starts_with("i=")).count(),
        10,
        "{console}"
    );
    dap.finish();
}

#[test]
fn invalid_condition_and_log_expression_are_unverified() {
    let mut dap = Dap::start();
    let program = fixture("breakpoints.lua");
    dap.initialize();
    let line = line_of(&program, "add");
    let body = dap.ok(
        "setBreakpoints",
        json!({"source": {"path": program}, "breakpoints": [
            {"line": line, "condition": "this is not lua"},
            {"line": line, "logMessage": "total={total +}"},
            {"line": line, "condition": "i > 5", "logMessage": "i={i}"},
        ]}),
    );
    let bps = body["breakpoints"].as_array().unwrap();
    assert_eq!(bps[0]["verified"], false, "{body}");
    let message = bps[0]["message"].as_str().unwrap();
    assert!(
        // Lua 5.4: "<eof> expected near 'is'", LuaJIT: "'<eof>' expected near 'is'".
        message.contains("invalid condition 'this is not lua': condition:1: ")
            && message.contains("expected near 'is'"),
        "{message}"
    );
    assert_eq!(bps[1]["verified"], false, "{body}");
    let message = bps[1]["message"].as_str().unwrap();
    assert!(
        message.contains("invalid log message expression 'total +'"),
        "{message}"
    );
    assert_eq!(bps[2]["verified"], true, "{body}");
    dap.finish();
}

#[test]
fn condition_errors_stop_and_say_so() {
    let (seen, dap) = stops_of(json!({"condition": "i + nil", "hitCondition": "1"}));
    assert_eq!(seen, ["1"]);
    let console = dap.output(Some("console"));
    assert!(console.contains("condition 'i + nil' failed"), "{console}");
    dap.finish();
}

#[test]
fn set_and_cleared_while_running() {
    let mut dap = Dap::start();
    let program = fixture("loop.lua");
    dap.launch(&program, json!({}), &[]);
    // The script runs with no breakpoint: set one now.
    std::thread::sleep(std::time::Duration::from_millis(100));
    let line = line_of(&program, "step");
    let body = dap.set_breakpoints(&program, &[line]);
    assert_eq!(body["breakpoints"][0]["verified"], true);
    dap.stopped("breakpoint");
    assert_eq!(top_line(&mut dap), line);
    // Clear it, resume, and the script keeps running without stopping.
    dap.set_breakpoints(&program, &[]);
    dap.ok("continue", json!({"threadId": 1}));
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(
        dap.history
            .iter()
            .filter(|m| m["event"] == "stopped")
            .count(),
        1
    );
    // Set another while it runs, then end the loop from there.
    dap.set_breakpoints(&program, &[line_of(&program, "loop")]);
    dap.stopped("breakpoint");
    dap.set_breakpoints(&program, &[]);
    assert_eq!(dap.repl("done = true")["success"], true);
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    assert!(dap
        .output(Some("stdout"))
        .contains("loop ended after\ttrue"));
    dap.finish();
}

#[test]
fn breakpoint_in_a_coroutine_started_before_it_was_set() {
    let mut dap = Dap::start();
    let program = fixture("cobreak.lua");
    dap.launch(&program, json!({}), &[]);
    std::thread::sleep(std::time::Duration::from_millis(100));
    dap.set_breakpoints(&program, &[line_of(&program, "yield")]);
    dap.stopped("breakpoint");
    let frames = dap.frames();
    assert_eq!(frames[0]["line"], line_of(&program, "yield"));
    // The resumer's frames follow the coroutine's, after a separator.
    let names: Vec<&str> = frames.iter().map(|f| f["name"].as_str().unwrap()).collect();
    let label = frames
        .iter()
        .position(|f| f["presentationHint"] == "label")
        .expect("label");
    let main = frames
        .iter()
        .position(|f| f["name"] == "main chunk")
        .expect("main chunk");
    assert!(label < main, "{names:?}");
    assert_eq!(frames[main]["line"], line_of(&program, "main"));
    dap.set_breakpoints(&program, &[]);
    dap.ok(
        "evaluate",
        json!({"expression": "done = true", "context": "repl"}),
    );
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}
