//! What a user does after attaching: snapshots and diffs of the running
//! host with its leak as a diagnostic, a breakpoint in `update()`, stack,
//! variables and evaluate, pause, disconnect, and attaching again.

use std::time::Duration;

use serde_json::{json, Value};

use super::host::Host;
use crate::dap::support::line_of;
use crate::modules::game::GameLua;

#[test]
fn snapshots_of_a_running_host_show_its_leak_as_a_diagnostic() {
    let host = Host::start("busy");
    snapshots_show_the_leak(&host);
    host.finish();
}

/// The same in the C host, the modules loaded into its own Lua: the
/// vendored build and Debian's Lua 5.4 (or LuaJIT).
#[test]
fn snapshots_of_a_c_host_with_the_modules_show_its_leak() {
    for lua in [GameLua::Vendored, GameLua::Debian] {
        let host = Host::start_game(lua);
        snapshots_show_the_leak(&host);
        host.finish_game();
    }
}

/// Two snapshots of the running game: the closures it leaked meanwhile,
/// their diagnostic, export and delete.
fn snapshots_show_the_leak(host: &Host) {
    let mut dap = host.attach(json!({}));
    let first = dap.ok("takeSnapshot", json!({"label": "before"}));
    std::thread::sleep(Duration::from_millis(300));
    let second = dap.ok("takeSnapshot", json!({}));
    let diff = dap.ok(
        "diffSnapshots",
        json!({"from": first["id"], "to": second["id"]}),
    );
    let leak = line_of(&host.script, "leak");
    let closures: Vec<&Value> = diff["added"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["type"] == "function")
        .collect();
    assert!(closures.len() >= 5, "a frame per 10 ms: {diff}");
    for closure in &closures {
        assert_eq!(closure["location"]["line"], leak);
        let path = closure["paths"][0].as_str().unwrap();
        assert!(
            path.starts_with("Root->(T)[registry]->(T)_G->(T)listeners->(L@")
                && path.contains(&format!("attach_game.lua:{leak})[")),
            "{path}"
        );
    }
    let diagnostics = diff["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diff}");
    assert_eq!(diagnostics[0]["uri"], format!("file://{}", host.script));
    let d = &diagnostics[0]["diagnostics"][0];
    assert_eq!(d["range"]["start"]["line"], leak - 1);
    assert_eq!(d["code"], "leaked-closure");

    let listed = dap.ok("listSnapshots", json!({}));
    assert_eq!(listed["snapshots"].as_array().unwrap().len(), 2);
    let export = std::env::temp_dir().join(format!("attach-export-{}.json", std::process::id()));
    dap.ok(
        "exportSnapshot",
        json!({"id": second["id"], "path": export, "format": "json"}),
    );
    assert!(std::fs::metadata(&export).unwrap().len() > 100);
    let _ = std::fs::remove_file(&export);
    dap.ok("deleteSnapshot", json!({"id": first["id"]}));
    dap.ok("disconnect", json!({}));
}

#[test]
fn a_breakpoint_in_update_stops_the_host_until_it_continues() {
    let host = Host::start("busy");
    let line = line_of(&host.script, "update");
    for session in 0..2 {
        let mut dap = host.attach(json!({"snapshotOnStop": true}));
        dap.set_breakpoints(&host.script, &[line]);
        let stop = dap.stopped("breakpoint");
        assert_eq!(stop["threadId"], 1);
        let frames = dap.frames();
        assert_eq!(frames[0]["name"], "update");
        assert_eq!(frames[0]["line"], line);
        assert_eq!(frames[1]["name"], "main chunk");
        let frame: i64 = dap.eval("frame").parse().expect("a frame number");
        assert!(frame > 0);
        assert_eq!(dap.scope_var("Locals", "frame")["value"], frame.to_string());
        // A stop while paused in the host: the host waits for us.
        assert_eq!(dap.eval("frames"), (frame - 1).to_string());
        dap.ok("continue", json!({"threadId": 1}));
        dap.stopped("breakpoint");
        assert_eq!(dap.eval("frame"), (frame + 1).to_string());
        // snapshotOnStop: the diff between the two stops.
        dap.event("snapshotDiff");
        if session == 0 {
            dap.set_breakpoints(&host.script, &[]);
            dap.ok("continue", json!({"threadId": 1}));
            dap.ok("disconnect", json!({}));
        } else {
            // Disconnect while stopped: the host runs on without hooks.
            dap.ok("disconnect", json!({}));
        }
    }
    host.finish();
}

#[test]
fn pause_reaches_a_host_that_spins_in_lua_and_one_that_waits_in_c() {
    for mode in ["busy", "idle"] {
        let host = Host::start(mode);
        let mut dap = host.attach(json!({}));
        dap.ok("pause", json!({"threadId": 1}));
        dap.stopped("pause");
        let frames = dap.frames();
        assert_eq!(frames.last().unwrap()["name"], "main chunk", "{frames:?}");
        let frames_before: i64 = dap.eval("frames").parse().unwrap();
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(dap.eval("frames"), frames_before.to_string(), "paused");
        dap.ok("continue", json!({"threadId": 1}));
        dap.ok("disconnect", json!({}));
        host.finish();
    }
}
