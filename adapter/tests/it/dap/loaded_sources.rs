//! `loadedSources` and the `loadedSource` events: files and string chunks,
//! each once, as the program loads them.

use super::support;

use serde_json::{json, Value};
use support::{fixture, fixtures_dir, line_of, Dap};

fn launch_args(many: bool) -> Value {
    let args: Vec<&str> = if many { vec!["many"] } else { vec![] };
    json!({"cwd": fixtures_dir(), "luaPath": format!("{}/lib/?.lua", fixtures_dir()),
           "args": args})
}

/// The sources of the `loadedSource` events before the event `until`
/// (which is taken too).
fn announced(dap: &mut Dap, until: &str) -> Vec<Value> {
    let mut sources = Vec::new();
    loop {
        let m = dap.wait_for("loadedSource", |m| {
            m["event"] == "loadedSource" || m["event"] == until
        });
        if m["event"] == until {
            return sources;
        }
        assert_eq!(m["body"]["reason"], "new", "{m}");
        sources.push(m["body"]["source"].clone());
    }
}

#[test]
fn files_and_string_chunks_are_announced_once() {
    if super::runtime::skip_on(
        &["luajit", "lua5.1"],
        "loadedSources is not offered on LuaJIT and Lua 5.1",
    ) {
        return;
    }
    let program = fixture("loaded_sources.lua");
    let lib = fixture("lib/greeting.lua");
    let mut dap = Dap::start();
    let caps = dap.initialize();
    assert_eq!(caps["supportsLoadedSourcesRequest"], true);
    dap.ok("launch", {
        let mut args = launch_args(false);
        args["program"] = json!(program);
        args
    });
    dap.event("initialized");
    dap.set_breakpoints(&program, &[line_of(&program, "last")]);
    dap.ok("configurationDone", Value::Null);
    let events = announced(&mut dap, "stopped");
    let paths: Vec<&str> = events.iter().filter_map(|s| s["path"].as_str()).collect();
    assert_eq!(paths, [program.as_str(), lib.as_str()], "{events:?}");
    let strings: Vec<&Value> = events.iter().filter(|s| s["path"].is_null()).collect();
    assert_eq!(strings.len(), 2, "{events:?}");
    assert_eq!(strings[0]["name"], "[string \"return 40 + 2\"]");
    assert_eq!(strings[1]["name"], "[string \"named chunk\"]");
    for (source, text) in strings.iter().zip(["return 40 + 2", "return 'named'"]) {
        let reference = source["sourceReference"].as_i64().expect("reference");
        let body = dap.ok("source", json!({"sourceReference": reference}));
        assert_eq!(body["content"], text);
    }
    // The request lists the same sources, in the same order.
    let listed = dap.ok("loadedSources", json!({}));
    assert_eq!(listed["sources"], Value::Array(events.clone()));
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}

#[test]
fn without_breakpoints_the_main_chunk_is_announced_too() {
    if super::runtime::skip_on(
        &["luajit", "lua5.1"],
        "loadedSources is not offered on LuaJIT and Lua 5.1",
    ) {
        return;
    }
    let program = fixture("loaded_sources.lua");
    let mut dap = Dap::start();
    dap.launch(&program, launch_args(false), &[]);
    let events = announced(&mut dap, "exited");
    dap.event("terminated");
    assert_eq!(events[0]["path"], program.as_str(), "{events:?}");
    assert_eq!(events.len(), 4, "{events:?}");
    // Still listed once the program ended.
    let listed = dap.ok("loadedSources", json!({}));
    assert_eq!(listed["sources"], Value::Array(events));
    dap.finish();
}

#[test]
fn string_chunks_past_the_cap_are_not_listed() {
    if super::runtime::skip_on(
        &["luajit", "lua5.1"],
        "loadedSources is not offered on LuaJIT and Lua 5.1",
    ) {
        return;
    }
    let program = fixture("loaded_sources.lua");
    let mut dap = Dap::start();
    dap.launch(&program, launch_args(true), &[]);
    assert_eq!(dap.exit_code(), 0);
    let listed = dap.ok("loadedSources", json!({}));
    let sources = listed["sources"].as_array().expect("sources");
    let strings = sources.iter().filter(|s| s["path"].is_null()).count();
    assert_eq!(strings, 1000);
    let console = dap.output(Some("console"));
    assert_eq!(
        console
            .matches("Loaded Scripts lists the first 1000")
            .count(),
        1,
        "{console}"
    );
    dap.finish();
}
