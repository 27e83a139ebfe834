//! `setFunctionBreakpoints`: names resolved to Lua functions when they
//! hold one (and again when they change), stops at their calls with
//! conditions and hit counts, `breakpoint` events when verification changes.

use super::support;

use serde_json::{json, Value};
use support::{fixture, fixtures_dir, line_of, Dap};

/// The last `breakpoint` event received for `id`.
fn last_event(dap: &Dap, id: &Value) -> Value {
    dap.history
        .iter()
        .rev()
        .find(|m| m["event"] == "breakpoint" && m["body"]["breakpoint"]["id"] == *id)
        .map(|m| m["body"]["breakpoint"].clone())
        .unwrap_or(Value::Null)
}

/// Continues and checks the next stop: a function breakpoint `id`, in the
/// top frame at `line`.
fn continue_to(dap: &mut Dap, id: &Value, line: i64) {
    dap.ok("continue", json!({"threadId": 1}));
    let stop = dap.stopped("function breakpoint");
    assert_eq!(stop["hitBreakpointIds"], json!([id]), "{stop}");
    let top = dap.frames()[0].clone();
    // LuaJIT reports a call at the function's header instruction, on its
    // `function` line: the line above the first statement in functions.lua.
    let line = if super::runtime::luajit() {
        line - 1
    } else {
        line
    };
    assert_eq!(top["line"], line, "{top}");
}

#[test]
fn stops_at_calls_with_conditions_hit_counts_and_redefinitions() {
    let mut dap = Dap::start();
    let program = fixture("functions.lua");
    let caps = dap.initialize();
    assert_eq!(caps["supportsFunctionBreakpoints"], true);
    dap.ok("launch", json!({"program": program, "cwd": fixtures_dir()}));
    dap.event("initialized");
    dap.set_breakpoints(&program, &[line_of(&program, "loop")]);
    let body = dap.ok(
        "setFunctionBreakpoints",
        json!({"breakpoints": [
            {"name": "Game.update", "condition": "dt >= 4"},
            {"name": "Entity:spawn", "hitCondition": "2"},
            {"name": "Later"},
            {"name": "print"},
            {"name": "1bad"},
            {"name": "Game.update", "hitCondition": "x"},
        ]}),
    );
    let bps = body["breakpoints"].as_array().unwrap().clone();
    assert_eq!(bps.len(), 6);
    assert!(bps.iter().all(|b| b["verified"] == false), "{body}");
    assert!(bps[5]["message"]
        .as_str()
        .unwrap()
        .contains("hit condition"));
    let ids: Vec<Value> = bps.iter().map(|b| b["id"].clone()).collect();
    dap.ok("configurationDone", Value::Null);
    // At the first stop the names are looked up again: the first two hold
    // Lua functions now.
    dap.stopped("breakpoint");
    let update = last_event(&dap, &ids[0]);
    assert_eq!(update["verified"], true, "{update}");
    assert_eq!(update["line"], line_of(&program, "update") - 1);
    assert_eq!(update["source"]["path"], program.as_str());
    assert_eq!(last_event(&dap, &ids[1])["verified"], true);
    let later = last_event(&dap, &ids[2]);
    assert_eq!(later["verified"], false);
    assert!(
        later["message"].as_str().unwrap().contains("nil"),
        "{later}"
    );
    assert!(last_event(&dap, &ids[3])["message"]
        .as_str()
        .unwrap()
        .contains("C function"));
    assert!(last_event(&dap, &ids[4])["message"]
        .as_str()
        .unwrap()
        .contains("not a function name"));
    dap.set_breakpoints(&program, &[]);
    // `dt >= 4`: the 4th and 5th calls, with the parameters visible.
    continue_to(&mut dap, &ids[0], line_of(&program, "update"));
    assert_eq!(dap.eval("dt"), "4");
    continue_to(&mut dap, &ids[0], line_of(&program, "update"));
    assert_eq!(dap.eval("dt"), "5");
    // Hit count 2: the second call only.
    continue_to(&mut dap, &ids[1], line_of(&program, "spawn"));
    assert_eq!(dap.eval("n"), "2");
    // Defined later: found by the periodic look-up; `Game.update` is
    // redefined at the same time and moves. The loop calls both, and the
    // look-up lands anywhere in it: either may stop first.
    let mut seen = Vec::new();
    for _ in 0..2 {
        dap.ok("continue", json!({"threadId": 1}));
        let stop = dap.stopped("function breakpoint");
        let top = dap.frames()[0].clone();
        seen.push((stop["hitBreakpointIds"][0].clone(), top["line"].clone()));
    }
    seen.sort_by_key(|(id, _)| id.as_i64());
    assert_eq!(
        seen,
        vec![
            (ids[0].clone(), json!(line_of(&program, "redefined"))),
            (ids[2].clone(), json!(line_of(&program, "later"))),
        ]
    );
    let moved = last_event(&dap, &ids[0]);
    assert_eq!(moved["line"], line_of(&program, "redefined"), "{moved}");
    // Cleared: no more stops.
    let body = dap.ok("setFunctionBreakpoints", json!({"breakpoints": []}));
    assert_eq!(body["breakpoints"], json!([]));
    dap.repl("Done = true");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    assert!(dap.output(Some("stdout")).contains("total\t"));
    dap.finish();
}
