//! The debugger's features (issue 16) in an attached host: function
//! breakpoints on `update` and on a name that gets a value later,
//! completions, setExpression, hexadecimal values,
//! frames the host called from C that cannot be restarted, and a
//! `disconnect` that asks the host to end.

use serde_json::json;

use super::host::Host;
use crate::dap::support::line_of;

#[test]
fn function_breakpoints_completions_set_expression_and_hex_in_a_host() {
    let mut host = Host::start("busy");
    let mut dap = host.attach(json!({}));
    let set = dap.ok(
        "setFunctionBreakpoints",
        json!({"breakpoints": [{"name": "update"}]}),
    );
    assert_eq!(set["breakpoints"].as_array().unwrap().len(), 1);
    let stop = dap.stopped("function breakpoint");
    assert_eq!(stop["threadId"], 1);
    let frames = dap.frames();
    assert_eq!(frames[0]["name"], "update");
    // Called from the main chunk's loop, not by the debugger's pcall.
    assert_eq!(frames[0]["canRestart"], false);

    let frame = frames[0]["id"].clone();
    let targets = dap.ok(
        "completions",
        json!({"text": "liste", "column": 6, "frameId": frame}),
    )["targets"]
        .clone();
    assert!(
        targets
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["label"] == "listeners"),
        "{targets}"
    );
    dap.ok(
        "setExpression",
        json!({"expression": "frames", "value": "255", "frameId": frame}),
    );
    let hex = dap.ok(
        "evaluate",
        json!({"expression": "frames", "frameId": frame, "context": "watch", "format": {"hex": true}}),
    );
    assert_eq!(hex["result"], "0xff");

    // A name that gets its function later: found by the periodic look-up.
    let set = dap.ok(
        "setFunctionBreakpoints",
        json!({"breakpoints": [{"name": "spawned"}]}),
    );
    assert_eq!(set["breakpoints"][0]["verified"], false, "{set}");
    dap.ok(
        "evaluate",
        json!({"expression": "spawn_later = true", "context": "repl"}),
    );
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("function breakpoint");
    let top = dap.frames()[0].clone();
    // LuaJIT reports a call on the function's `function` line, the line
    // above the marked statement in attach_game.lua.
    let line = line_of(&host.script, "spawned") - i64::from(crate::dap::runtime::luajit());
    assert_eq!(top["line"], line, "{top}");
    dap.ok("setFunctionBreakpoints", json!({"breakpoints": []}));
    dap.ok("continue", json!({"threadId": 1}));
    // terminateDebuggee: the host is asked to end, and exits.
    dap.ok("disconnect", json!({"terminateDebuggee": true}));
    assert_eq!(host.wait(), Some(0), "{}", host.stderr());
    assert!(
        !host.stderr().contains("attach_host done"),
        "ended by the client, not by its loop"
    );
}
