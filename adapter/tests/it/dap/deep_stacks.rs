//! Stacks of hundreds of thousands of frames: `stackTrace` answers in time
//! linear in what it returns, a request without `levels` gets a bounded
//! first page and `totalFrames`, and the session stays responsive (scopes,
//! evaluate, takeSnapshot, disconnect). A frame lookup that walked from the
//! top of the stack each time would take minutes and hit the client's
//! timeout.

use serde_json::json;

use crate::dap::support::{fixture, Dap};

/// `stackTrace` without `levels` returns at most this many frames.
const UNPAGED_FRAMES: usize = 1000;

fn stop_on_uncaught(program: &str) -> Dap {
    let mut dap = Dap::start();
    dap.initialize();
    dap.ok("launch", json!({"program": fixture(program)}));
    dap.event("initialized");
    dap.ok("setExceptionBreakpoints", json!({"filters": ["uncaught"]}));
    dap.ok("configurationDone", json!(null));
    dap.stopped("exception");
    dap
}

/// Pages of 20 from top to bottom at a stride, then the bottom one, which
/// it returns.
fn page_through(dap: &mut Dap, total: usize) -> Vec<serde_json::Value> {
    let mut last = Vec::new();
    let starts = (0..total).step_by(total / 50).chain([total - 20]);
    for start in starts {
        let page = dap.ok(
            "stackTrace",
            json!({"threadId": 1, "startFrame": start, "levels": 20}),
        );
        let frames = page["stackFrames"].as_array().unwrap().clone();
        assert_eq!(frames.len(), 20.min(total - start), "page at {start}");
        assert_eq!(frames[0]["id"], json!(start + 1));
        last = frames;
    }
    last
}

#[test]
fn a_million_frames_page_and_stay_responsive() {
    if super::runtime::skip_on_luajit(
        "LuaJIT's stack holds at most 65,500 slots, not a million frames",
    ) {
        return;
    }
    let mut dap = stop_on_uncaught("deep_stack.lua");
    let all = dap.ok("stackTrace", json!({"threadId": 1}));
    let total = all["totalFrames"].as_u64().unwrap() as usize;
    assert!(total > 900_000, "{total}");
    let frames = all["stackFrames"].as_array().unwrap();
    assert_eq!(frames.len(), UNPAGED_FRAMES);
    assert_eq!(frames[0]["name"], "dive");
    assert_eq!(frames[1]["id"], 2);

    let bottom_page = dap.ok(
        "stackTrace",
        json!({"threadId": 1, "startFrame": total - 3, "levels": 20}),
    );
    let bottom = bottom_page["stackFrames"].as_array().unwrap();
    assert_eq!(bottom.len(), 3);
    assert_eq!(bottom[2]["name"], "main chunk");
    page_through(&mut dap, total);

    // A frame far down resolves at once, for scopes and evaluation.
    let deep_id = total - 2;
    let scopes = dap.ok("scopes", json!({"frameId": deep_id}));
    assert_eq!(scopes["scopes"][0]["name"], "Locals");
    let upvalues = scopes["scopes"][1]["variablesReference"].as_i64().unwrap();
    let names: Vec<String> = dap.variables(upvalues).into_iter().map(|v| v.0).collect();
    assert!(names.contains(&"depth".to_owned()), "{names:?}");
    let depth = dap.ok(
        "evaluate",
        json!({"expression": "depth", "frameId": deep_id, "context": "watch"}),
    );
    assert_eq!(depth["result"], "950000");

    dap.ok("takeSnapshot", json!({}));
    dap.finish();
}

#[test]
fn stack_overflow_answers_unpaged_requests() {
    if super::runtime::skip_on_luajit("the frame counts asserted are Lua 5.4's stack limit") {
        return;
    }
    let mut dap = stop_on_uncaught("overflow.lua");
    // What nvim-dap asks: all frames, no `levels`.
    let all = dap.ok("stackTrace", json!({"threadId": 1}));
    let total = all["totalFrames"].as_u64().unwrap() as usize;
    assert!(total > 100_000, "{total}");
    assert_eq!(all["stackFrames"].as_array().unwrap().len(), UNPAGED_FRAMES);
    let bottom = page_through(&mut dap, total);
    assert_eq!(bottom.last().unwrap()["name"], "main chunk");
    let scopes = dap.ok("scopes", json!({"frameId": total / 2}));
    let locals = scopes["scopes"][0]["variablesReference"].as_i64().unwrap();
    let n = dap
        .variables(locals)
        .into_iter()
        .find(|v| v.0 == "n")
        .expect("local n")
        .1;
    assert!(n["value"].as_str().unwrap().parse::<u64>().unwrap() > 1000);
    dap.ok("takeSnapshot", json!({}));
    dap.finish();
}
