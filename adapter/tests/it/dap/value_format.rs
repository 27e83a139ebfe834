//! `format.hex` on variables, evaluate, setExpression and stack frames
//! (with `parameters` and `line`).

use super::support;

use serde_json::json;
use support::{fixture, line_of, Dap};

#[test]
fn integers_in_hexadecimal_where_the_client_asks() {
    if super::runtime::skip_on_luajit(
        "LuaJIT's numbers are doubles: no 64-bit integers to show in hexadecimal",
    ) {
        return;
    }
    let mut dap = support::stopped_at("objects.lua", "stop");
    let stop = line_of(&fixture("objects.lua"), "stop");
    let caps = &dap.history[0]["body"];
    assert_eq!(caps["supportsValueFormattingOptions"], true);
    let frame = dap.frames()[0]["id"].clone();
    let hex = json!({"hex": true});
    let eval = |dap: &mut Dap, expression: &str, format: &serde_json::Value| {
        dap.ok(
            "evaluate",
            json!({"expression": expression, "frameId": frame, "context": "watch", "format": format}),
        )["result"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(eval(&mut dap, "mask", &hex), "0xff");
    assert_eq!(eval(&mut dap, "mask", &json!({})), "255");
    assert_eq!(eval(&mut dap, "-1", &hex), "0xffffffffffffffff");
    // What is shown reads back as the same integer; floats stay decimal.
    assert_eq!(eval(&mut dap, "0xffffffffffffffff", &json!({})), "-1");
    assert_eq!(eval(&mut dap, "mask / 2", &hex), "127.5");
    // Variables, and the next request without `format` is decimal again.
    let scopes = dap.ok("scopes", json!({"frameId": frame}));
    let locals = scopes["scopes"][0]["variablesReference"].clone();
    let vars = dap.ok(
        "variables",
        json!({"variablesReference": locals, "format": hex}),
    );
    let mask = vars["variables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "mask")
        .cloned()
        .unwrap();
    assert_eq!(mask["value"], "0xff");
    assert_eq!(dap.scope_var("Locals", "mask")["value"], "255");
    let set = dap.ok(
        "setExpression",
        json!({"expression": "mask", "value": "mask + 1", "frameId": frame, "format": hex}),
    );
    assert_eq!(set["value"], "0x100");
    // Stack frames: parameters (names and values, in hex) and the line.
    let trace = dap.ok(
        "stackTrace",
        json!({"threadId": 1, "format": {"hex": true, "parameters": true, "line": true}}),
    );
    let name = trace["stackFrames"][0]["name"].as_str().unwrap();
    assert!(name.starts_with("update(player = table: 0x"), "{name}");
    assert!(
        name.ends_with(&format!(", dt = 0x1) Line {stop}")),
        "{name}"
    );
    let trace = dap.ok(
        "stackTrace",
        json!({"threadId": 1, "format": {"parameters": true, "parameterNames": false, "parameterTypes": true}}),
    );
    let name = trace["stackFrames"][0]["name"].as_str().unwrap();
    assert!(name.ends_with(", 1: integer)"), "{name}");
    assert_eq!(dap.frames()[0]["name"], "update");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}
