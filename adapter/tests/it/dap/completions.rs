//! `completions`: names of the stopped frame (locals, upvalues, globals),
//! fields and methods after `.`/`:`, read without running metamethods.

use super::support;

use serde_json::{json, Value};
use support::Dap;

fn stopped_in_update() -> Dap {
    support::stopped_at("objects.lua", "stop")
}

/// The targets for `text` with the cursor at its end, in the top frame (or
/// the globals without `frame`).
fn complete(dap: &mut Dap, text: &str, frame: bool) -> Vec<Value> {
    let mut args = json!({"text": text, "column": text.encode_utf16().count() + 1});
    if frame {
        args["frameId"] = dap.frames()[0]["id"].clone();
    }
    dap.ok("completions", args)["targets"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn labels(targets: &[Value]) -> Vec<(String, String)> {
    targets
        .iter()
        .map(|t| {
            (
                t["label"].as_str().unwrap().to_owned(),
                t["type"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn names_fields_and_methods_of_the_frame() {
    let mut dap = stopped_in_update();
    let caps = &dap.history[0]["body"].clone();
    assert_eq!(caps["supportsCompletionsRequest"], true, "{caps}");
    // Locals, with the range that replaces what was typed.
    let targets = complete(&mut dap, "print(pla", true);
    assert_eq!(labels(&targets), pairs(&[("player", "variable")]));
    assert_eq!(
        (targets[0]["start"].clone(), targets[0]["length"].clone()),
        (json!(7), json!(3))
    );
    assert_eq!(targets[0]["detail"], dap.eval("player"));
    // Fields of the object, then its class's methods through `__index`.
    assert_eq!(
        labels(&complete(&mut dap, "self.", true)),
        pairs(&[
            ("__index", "field"),
            ("hit", "function"),
            ("hp", "field"),
            ("items", "field"),
            ("name", "field"),
            ("new", "function"),
            ("spawn", "function"),
        ])
    );
    assert_eq!(
        labels(&complete(&mut dap, "x = self:s", true)),
        pairs(&[("spawn", "method")])
    );
    assert_eq!(
        labels(&complete(&mut dap, "Game.state.", true)),
        pairs(&[("level", "field"), ("score", "field")])
    );
    // Upvalues and globals; keywords.
    // `count` is not active yet on its own line; `counted` is an upvalue.
    assert_eq!(
        labels(&complete(&mut dap, "cou", true)),
        pairs(&[("counted", "variable")])
    );
    assert_eq!(
        labels(&complete(&mut dap, "mas", true)),
        pairs(&[("mask", "variable")])
    );
    // `Entity` is a local of the main chunk, not an upvalue of `update`.
    assert_eq!(
        labels(&complete(&mut dap, "Ca", true)),
        pairs(&[("Calls", "variable")])
    );
    assert!(
        labels(&complete(&mut dap, "if x th", true)).contains(&("then".into(), "keyword".into()))
    );
    // Nothing after a call, in a string, or in a number.
    assert!(complete(&mut dap, "f().", true).is_empty());
    assert!(complete(&mut dap, "print(\"self.", true).is_empty());
    assert!(complete(&mut dap, "x = 1", true).is_empty());
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}

#[test]
fn no_metamethod_runs_and_big_tables_are_capped() {
    let mut dap = stopped_in_update();
    // `counted`'s `__index` counts its runs: completing through it does not.
    assert!(complete(&mut dap, "counted.x.", true).is_empty());
    assert!(complete(&mut dap, "counted.", true).is_empty());
    assert_eq!(dap.eval("Calls"), "0");
    // A table of 50,000 names answers with a bounded list.
    let big = complete(&mut dap, "Big.", true);
    assert_eq!(big.len(), 1000);
    let key = complete(&mut dap, "Big.key4999", true);
    assert!(key
        .iter()
        .all(|t| t["label"].as_str().unwrap().starts_with("key4999")));
    // Without a frame: the globals.
    assert_eq!(
        labels(&complete(&mut dap, "Gam", false)),
        pairs(&[("Game", "variable")])
    );
    assert!(complete(&mut dap, "pla", false).is_empty());
    // A second line of the text, and a cursor in the middle of a line.
    let body = dap.ok(
        "completions",
        json!({"text": "x = 1\nGame.mo + 2", "line": 2, "column": 8}),
    );
    assert_eq!(
        labels(body["targets"].as_array().unwrap()),
        pairs(&[("mode", "field")])
    );
    assert_eq!(body["targets"][0]["start"], 6);
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}
