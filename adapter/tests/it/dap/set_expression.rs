//! `setExpression`: assignments to fields, indexes, locals and upvalues of
//! the stopped frame, metamethods run as in Lua, guarded like evaluate.

use std::time::Duration;

use super::support;

use serde_json::{json, Value};
use support::Dap;

fn stopped_in_update() -> (Dap, i64) {
    let mut dap = support::stopped_at("objects.lua", "stop");
    let frame = dap.frames()[0]["id"].as_i64().unwrap();
    (dap, frame)
}

fn set(dap: &mut Dap, frame: i64, expression: &str, value: &str) -> Value {
    dap.request(
        "setExpression",
        json!({"expression": expression, "value": value, "frameId": frame}),
    )
}

fn set_ok(dap: &mut Dap, frame: i64, expression: &str, value: &str) -> String {
    let response = set(dap, frame, expression, value);
    assert_eq!(response["success"], true, "{response}");
    response["body"]["value"].as_str().unwrap().to_owned()
}

#[test]
fn assigns_fields_indexes_locals_and_upvalues() {
    let (mut dap, frame) = stopped_in_update();
    assert_eq!(dap.history[0]["body"]["supportsSetExpression"], true);
    assert_eq!(set_ok(&mut dap, frame, "player.hp", "40 + 2"), "42");
    assert_eq!(
        set_ok(&mut dap, frame, "self.items[#self.items]", "\"z\""),
        "\"z\""
    );
    // A local and an upvalue by name; the value is an expression of the frame.
    assert_eq!(set_ok(&mut dap, frame, "mask", "mask + 1"), "256");
    assert_eq!(set_ok(&mut dap, frame, "speed", "speed * 10"), "20");
    assert_eq!(set_ok(&mut dap, frame, "Game.state.level", "7"), "7");
    // A table comes back expandable, as evaluate shows it.
    let response = set(&mut dap, frame, "Game.state", "{ level = 9, 1, 2 }");
    assert_eq!(response["body"]["indexedVariables"], 2, "{response}");
    assert!(response["body"]["variablesReference"].as_i64().unwrap() > 0);
    assert_eq!(set_ok(&mut dap, frame, "Game.state.level", "8"), "8");
    // `__newindex` runs as Lua runs it (it doubles and counts).
    assert_eq!(set_ok(&mut dap, frame, "counted.y", "3"), "6");
    assert_eq!(dap.eval("Calls"), "1");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    let out = dap.output(Some("stdout"));
    assert!(out.contains("4\t256\t20\t42\tz\t8\n6\t"), "{out}");
    dap.finish();
}

#[test]
fn errors_and_runaway_metamethods() {
    let (mut dap, frame) = stopped_in_update();
    for target in ["1 + 1", "f()", "x = 1; y", "a, b", "local z"] {
        let response = set(&mut dap, frame, target, "1");
        assert_eq!(response["success"], false, "{target}: {response}");
        let message = response["message"].as_str().unwrap();
        assert!(message.contains("cannot be assigned"), "{message}");
    }
    let response = set(&mut dap, frame, "failing.x", "1");
    assert_eq!(response["success"], false, "{response}");
    assert!(
        response["message"]
            .as_str()
            .unwrap()
            .contains("read-only table"),
        "{response}"
    );
    let response = set(&mut dap, frame, "player.hp", "nope + 1");
    assert_eq!(response["success"], false, "{response}");
    // A `__newindex` that never returns: pause interrupts it, the program
    // stays stopped.
    let seq = dap.send(
        "setExpression",
        json!({"expression": "looping.x", "value": "1", "frameId": frame}),
    );
    std::thread::sleep(Duration::from_millis(300));
    dap.ok("pause", json!({"threadId": 1}));
    let response = dap.response(seq, "setExpression");
    assert_eq!(response["success"], false, "{response}");
    assert!(
        response["message"]
            .as_str()
            .unwrap()
            .contains("interrupted"),
        "{response}"
    );
    assert_eq!(dap.eval("player.hp"), "10");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}
