//! `restartFrame`: a Lua function called by `pcall` runs again from its
//! start with its parameters' current values; other frames say
//! `canRestart: false` and refuse.

use super::support;

use serde_json::json;
use support::{fixture, line_of};

#[test]
fn a_frame_called_by_pcall_runs_again_from_its_start() {
    let mut dap = support::stopped_at("restart.lua", "inner");
    let program = fixture("restart.lua");
    assert_eq!(dap.history[0]["body"]["supportsRestartFrame"], true);
    let frames = dap.frames();
    let can: Vec<(String, serde_json::Value)> = frames
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_owned(),
                f["canRestart"].clone(),
            )
        })
        .collect();
    assert_eq!(can[0], ("inner".into(), json!(false)), "{can:?}");
    // `work`, which pcall called (so Lua has no name for it).
    assert_eq!(can[1].1, json!(true), "{can:?}");
    assert_eq!(can[2].1, json!(null), "the pcall C frame: {can:?}");
    assert_eq!(can[3], ("main chunk".into(), json!(false)), "{can:?}");
    let e = dap.fails("restartFrame", json!({"frameId": frames[0]["id"]}));
    assert!(e.contains("cannot be restarted"), "{e}");
    assert_eq!(dap.eval("x"), "105");
    dap.ok("restartFrame", json!({"frameId": frames[1]["id"]}));
    dap.stopped("step");
    let top = dap.frames()[0].clone();
    assert_eq!(top["name"], frames[1]["name"]);
    assert_eq!(top["line"], line_of(&program, "first"));
    // The parameters' current values (n was changed), the varargs kept.
    assert_eq!(dap.eval("n"), "105");
    assert_eq!(dap.scope_var("Locals", "...[2]")["value"], "\"b\"");
    assert_eq!(dap.eval("Runs"), "1");
    dap.set_breakpoints(&program, &[]);
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    let out = dap.output(Some("stdout"));
    assert!(out.contains("result\ttrue\t410\t2\t2"), "{out}");
    dap.finish();
}
