//! Inspection: stackTrace (paging, C frames, string chunks), scopes,
//! variables (formatting, paging, metatables), setVariable and evaluate.

use super::support;

use serde_json::{json, Value};
use support::{fixture, fixtures_dir, line_of, Dap};

fn stop_at(file: &str, marker: &str) -> Dap {
    support::stopped_at(file, marker)
}

fn scope_ref(dap: &mut Dap, name: &str) -> i64 {
    let frame = dap.frames()[0]["id"].clone();
    let scopes = dap.ok("scopes", json!({"frameId": frame}));
    scopes["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no scope {name}: {scopes}"))["variablesReference"]
        .as_i64()
        .unwrap()
}

fn value_of(vars: &[(String, Value)], name: &str) -> String {
    vars.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in {vars:?}"))
        .1["value"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn scopes_and_locals() {
    let mut dap = stop_at("variables.lua", "vars");
    let frame = dap.frames()[0]["id"].clone();
    let scopes = dap.ok("scopes", json!({"frameId": frame}));
    let names: Vec<&str> = scopes["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Locals", "Upvalues", "Globals"]);
    let r = scope_ref(&mut dap, "Locals");
    let locals = dap.variables(r);
    let local_names: Vec<&str> = locals.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        local_names,
        ["a", "b", "s", "n", "flag", "nothing", "f", "t", "...[1]", "...[2]"]
    );
    assert_eq!(value_of(&locals, "a"), "\"first\"");
    assert_eq!(value_of(&locals, "b"), "2");
    assert_eq!(value_of(&locals, "s"), r#""quote\"d\nline""#);
    assert_eq!(value_of(&locals, "n"), "1.5");
    assert_eq!(value_of(&locals, "flag"), "true");
    assert_eq!(value_of(&locals, "nothing"), "nil");
    assert_eq!(
        value_of(&locals, "f"),
        format!(
            "function: variables.lua:{}",
            line_of(&fixture("variables.lua"), "vars") - 7
        )
    );
    assert_eq!(value_of(&locals, "...[2]"), "\"extra2\"");
    let r = scope_ref(&mut dap, "Upvalues");
    let upvalues = dap.variables(r);
    assert_eq!(value_of(&upvalues, "upcount"), "7");
    assert!(upvalues.iter().any(|(n, _)| n == "big"));
    let r = scope_ref(&mut dap, "Globals");
    let globals = dap.variables(r);
    assert_eq!(value_of(&globals, "GLOBAL_VALUE"), "\"global\"");
    assert!(value_of(&globals, "print").starts_with("function: "));
    dap.ok("continue", json!({"threadId": 1}));
    dap.exit_code();
    dap.finish();
}

#[test]
fn tables_expand_with_paging_and_metatables() {
    let mut dap = stop_at("variables.lua", "vars");
    let r = scope_ref(&mut dap, "Locals");
    let locals = dap.variables(r);
    let t = locals.iter().find(|(n, _)| n == "t").unwrap().1.clone();
    assert_eq!(t["type"], "table");
    assert_eq!(t["indexedVariables"], 2);
    let children = dap.variables(t["variablesReference"].as_i64().unwrap());
    let names: Vec<&str> = children.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["[1]", "[2]", "[\"with space\"]", "x", "[true]"]);
    let x = children.iter().find(|(n, _)| n == "x").unwrap().1.clone();
    assert_eq!(x["evaluateName"], "t.x");
    let deep = dap.variables(x["variablesReference"].as_i64().unwrap());
    assert_eq!(value_of(&deep, "y"), "\"deep\"");
    // A big array, paged.
    let frame = dap.frames()[0]["id"].clone();
    let big = dap.ok(
        "evaluate",
        json!({"expression": "big", "frameId": frame, "context": "watch"}),
    );
    assert_eq!(big["indexedVariables"], 250);
    let page = dap.ok(
        "variables",
        json!({"variablesReference": big["variablesReference"], "filter": "indexed", "start": 100, "count": 3}),
    );
    let page: Vec<(String, String)> = page["variables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().into(),
                v["value"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        page,
        [
            ("[101]".into(), "10201".into()),
            ("[102]".into(), "10404".into()),
            ("[103]".into(), "10609".into())
        ]
    );
    let named = dap.ok(
        "variables",
        json!({"variablesReference": big["variablesReference"], "filter": "named"}),
    );
    assert_eq!(named["variables"], json!([]));
    // A metatable shows as a child.
    let obj = dap.ok(
        "evaluate",
        json!({"expression": "obj", "frameId": frame, "context": "hover"}),
    );
    let children = dap.variables(obj["variablesReference"].as_i64().unwrap());
    let meta = children
        .iter()
        .find(|(n, _)| n == "[metatable]")
        .expect("metatable")
        .1
        .clone();
    let meta_children = dap.variables(meta["variablesReference"].as_i64().unwrap());
    assert!(meta_children.iter().any(|(n, _)| n == "__index"));
    dap.ok("continue", json!({"threadId": 1}));
    dap.exit_code();
    dap.finish();
}

#[test]
fn evaluate_sees_locals_upvalues_and_globals() {
    let mut dap = stop_at("variables.lua", "vars");
    assert_eq!(dap.eval("a .. b"), "\"first2\"");
    assert_eq!(dap.eval("t.x.y"), "\"deep\"");
    assert_eq!(dap.eval("upcount * 2"), "14");
    assert_eq!(dap.eval("GLOBAL_VALUE"), "\"global\"");
    assert_eq!(dap.eval("#big, n"), "250, 1.5");
    let frame = dap.frames()[0]["id"].clone();
    let error = dap.request(
        "evaluate",
        json!({"expression": "t.nope.deeper", "frameId": frame, "context": "watch"}),
    );
    assert_eq!(error["success"], false);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("attempt to index"),
        "{error}"
    );
    // Watches are expressions only; the REPL runs statements and assigns.
    let stmt = dap.request(
        "evaluate",
        json!({"expression": "n = 10", "frameId": frame, "context": "watch"}),
    );
    assert_eq!(stmt["success"], false);
    assert_eq!(dap.repl("n = 10")["success"], true);
    assert_eq!(dap.repl("upcount = 100")["success"], true);
    assert_eq!(dap.repl("NEW_GLOBAL = n + 1")["success"], true);
    assert_eq!(dap.eval("NEW_GLOBAL"), "11");
    assert_eq!(dap.eval("n"), "10");
    // Without a frame: the globals.
    let body = dap.ok(
        "evaluate",
        json!({"expression": "GLOBAL_VALUE", "context": "repl"}),
    );
    assert_eq!(body["result"], "\"global\"");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    let stdout = dap.output(Some("stdout"));
    assert!(stdout.contains("n\t10\tup\t101\t"), "{stdout}");
    dap.finish();
}

#[test]
fn set_variable_changes_locals_upvalues_and_fields() {
    let mut dap = stop_at("variables.lua", "vars");
    let locals = scope_ref(&mut dap, "Locals");
    let body = dap.ok(
        "setVariable",
        json!({"variablesReference": locals, "name": "n", "value": "n * 4"}),
    );
    // A float on Lua 5.4; LuaJIT's numbers have no integer subtype.
    let six = if super::runtime::luajit() { "6" } else { "6.0" };
    assert_eq!(body["value"], six);
    let upvalues = scope_ref(&mut dap, "Upvalues");
    dap.ok(
        "setVariable",
        json!({"variablesReference": upvalues, "name": "upcount", "value": "41"}),
    );
    let globals = scope_ref(&mut dap, "Globals");
    dap.ok(
        "setVariable",
        json!({"variablesReference": globals, "name": "GLOBAL_VALUE", "value": "'changed'"}),
    );
    let t = dap
        .variables(locals)
        .into_iter()
        .find(|(n, _)| n == "t")
        .unwrap()
        .1;
    let reference = t["variablesReference"].as_i64().unwrap();
    let body = dap.ok(
        "setVariable",
        json!({"variablesReference": reference, "name": "x", "value": "{1, 2, 3}"}),
    );
    assert_eq!(body["type"], "table");
    assert!(body["variablesReference"].as_i64().unwrap() > 0);
    assert_eq!(dap.eval("#t.x"), "3");
    let missing = dap.request(
        "setVariable",
        json!({"variablesReference": locals, "name": "nosuch", "value": "1"}),
    );
    assert_eq!(missing["success"], false);
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    let stdout = dap.output(Some("stdout"));
    assert!(stdout.contains(&format!("n\t{six}\tup\t42\t")), "{stdout}");
    assert!(stdout.contains("g\tchanged"), "{stdout}");
    dap.finish();
}

#[test]
fn stack_trace_pages_through_deep_stacks() {
    let mut dap = stop_at("recursion.lua", "bottom");
    let all = dap.ok("stackTrace", json!({"threadId": 1}));
    assert_eq!(all["totalFrames"], 32);
    let page = dap.ok(
        "stackTrace",
        json!({"threadId": 1, "startFrame": 10, "levels": 5}),
    );
    let frames = page["stackFrames"].as_array().unwrap();
    assert_eq!(frames.len(), 5);
    assert_eq!(frames[0]["id"], 11);
    assert!(frames.iter().all(|f| f["name"] == "down"), "{page}");
    let tail = dap.ok(
        "stackTrace",
        json!({"threadId": 1, "startFrame": 30, "levels": 5}),
    );
    let names: Vec<&str> = tail["stackFrames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["down", "main chunk"]);
    // Scopes of a frame down the stack see its own locals.
    let scopes = dap.ok("scopes", json!({"frameId": 21}));
    let locals = scopes["scopes"][0]["variablesReference"].as_i64().unwrap();
    let vars = dap.variables(locals);
    assert_eq!(value_of(&vars, "n"), "20");
    let body = dap.ok(
        "evaluate",
        json!({"expression": "n", "frameId": 21, "context": "watch"}),
    );
    assert_eq!(body["result"], "20");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}

#[test]
fn c_frames_and_string_chunks() {
    let mut dap = Dap::start();
    let program = fixture("cframes.lua");
    dap.launch(
        &program,
        json!({"cwd": fixtures_dir()}),
        &[(
            &program,
            &[line_of(&program, "cmp"), line_of(&program, "target")],
        )],
    );
    dap.stopped("breakpoint");
    let frames = dap.frames();
    // Called by table.sort, a C function: no name, but its line.
    assert_eq!(frames[0]["line"], line_of(&program, "cmp"));
    assert_eq!(frames[1]["name"], "[C] sort");
    assert!(frames[1].get("source").is_none());
    assert_eq!(frames[2]["name"], "main chunk");
    dap.set_breakpoints(&program, &[line_of(&program, "target")]);
    dap.ok("continue", json!({"threadId": 1}));
    for expected in ["* 2", "* 3"] {
        dap.stopped("breakpoint");
        let frames = dap.frames();
        assert_eq!(frames[0]["name"], "f"); // the chunk's name for it
        assert_eq!(frames[0]["line"], line_of(&program, "target"));
        let reference = frames[1]["source"]["sourceReference"]
            .as_i64()
            .expect("sourceReference");
        assert!(reference > 0);
        assert_eq!(frames[1]["line"], 3);
        let body = dap.ok(
            "source",
            json!({"sourceReference": reference, "source": frames[1]["source"]}),
        );
        assert!(
            body["content"]
                .as_str()
                .unwrap()
                .contains(&format!("return f(x) {expected}")),
            "{body}"
        );
        dap.ok("continue", json!({"threadId": 1}));
    }
    assert_eq!(dap.exit_code(), 0);
    dap.fails("source", json!({"sourceReference": 999}));
    dap.finish();
}
