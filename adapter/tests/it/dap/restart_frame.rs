//! `restartFrame`: a Lua function called by `pcall` runs again from its
//! start with its parameters' current values; other frames say
//! `canRestart: false` and refuse.

use super::support;

use serde_json::json;
use support::{fixture, line_of};

#[test]
fn a_frame_called_by_pcall_runs_again_from_its_start() {
    if super::runtime::skip_on(
        &["luajit", "lua5.1"],
        "restartFrame is not offered on LuaJIT and Lua 5.1",
    ) {
        return;
    }
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
    // inner and work were called by pcall; restarting work unwinds
    // through the pcall that called inner.
    let flags: Vec<serde_json::Value> = can.iter().map(|(_, c)| c.clone()).collect();
    assert_eq!(
        flags,
        [
            json!(true),
            json!(null),
            json!(true),
            json!(null),
            json!(false)
        ],
        "{can:?}"
    );
    let e = dap.fails("restartFrame", json!({"frameId": frames[4]["id"]}));
    assert!(e.contains("cannot be restarted"), "{e}");
    assert_eq!(dap.eval("x"), "105");
    dap.ok("restartFrame", json!({"frameId": frames[2]["id"]}));
    dap.stopped("step");
    let top = dap.frames()[0].clone();
    assert_eq!(top["name"], frames[2]["name"]);
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
