//! A script's own `debug.sethook`: the debugger's breakpoints keep working
//! while and after the script hooks a thread, and the script's hook sees
//! the events Lua would give it without a debugger
//! (debugger/hook/user.rs).

use super::support;

use serde_json::json;
use support::{fixture, line_of, Dap};

/// What the script prints without a debugger (`lua-snapshot run`), the
/// reference for its hook's events.
fn native_output(program: &str) -> String {
    let out = std::process::Command::new(crate::dap::runtime::binary())
        .args(["run", program])
        .output()
        .expect("run lua-snapshot");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn breakpoints_survive_the_scripts_hooks_and_its_hook_sees_its_events() {
    if super::runtime::skip_on_luajit(
        "LuaJIT calls no hook for tail calls (the event counts asserted are Lua 5.4's)",
    ) {
        return;
    }
    let program = fixture("user_hook.lua");
    let native = native_output(&program);
    assert!(
        native.contains("seen lines=6 calls=1 tails=1 returns=2"),
        "{native}"
    );
    let mut dap = Dap::start();
    let probe = line_of(&program, "probe");
    dap.launch(&program, json!({}), &[(&program, &[probe])]);
    let (tags, code) = dap.each_stop(|dap| {
        assert_eq!(dap.frames()[0]["line"], probe);
        dap.eval("tag")
    });
    assert_eq!(code, 0);
    assert_eq!(
        tags,
        [
            "\"before\"",
            "\"during\"",
            "\"after\"",
            "\"counted\"",
            "\"in coroutine\"",
            "\"end\""
        ]
    );
    // Every line the script printed, the hook's counts included: the same
    // as without a debugger.
    assert_eq!(dap.output(Some("stdout")), native);
    dap.finish();
}

#[test]
fn pausing_a_hooked_loop_loses_none_of_the_scripts_events() {
    let program = fixture("user_hook_pause.lua");
    let mut dap = Dap::start();
    let after = line_of(&program, "after");
    dap.launch(&program, json!({}), &[(&program, &[after])]);
    std::thread::sleep(std::time::Duration::from_millis(200));
    dap.ok("pause", json!({"threadId": 1}));
    dap.stopped("pause");
    let set = dap.repl("rawset(_G, 'done', true)");
    assert_eq!(set["success"], true, "{set}");
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    assert_eq!(dap.frames()[0]["line"], after);
    let printed = dap.output(Some("stdout"));
    let numbers: Vec<u64> = printed
        .trim()
        .split(' ')
        .filter_map(|kv| kv.split_once('=')?.1.parse().ok())
        .collect();
    assert_eq!(numbers.len(), 2, "{printed}");
    assert!(numbers[1] > 0, "{printed}");
    assert_eq!(numbers[0], numbers[1], "{printed}");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}

#[test]
fn the_record_of_the_scripts_hooks_is_not_in_snapshots() {
    let program = fixture("user_hook_snapshot.lua");
    let mut dap = Dap::start();
    let hookfn = line_of(&program, "hookfn");
    dap.launch(
        &program,
        json!({}),
        &[(&program, &[line_of(&program, "probe")])],
    );
    dap.stopped("breakpoint");
    dap.ok("takeSnapshot", json!({}));
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    dap.ok("takeSnapshot", json!({}));
    let diff = dap.ok("diffSnapshots", json!({"from": 1, "to": 2, "limit": 1000}));
    let added = diff["added"].as_array().expect("added");
    // Neither the hook closure nor what it holds is reachable but through
    // the tool's record of hooks.
    for object in added {
        assert_ne!(object["location"]["line"], hookfn, "{object}");
        let paths = object["paths"].to_string();
        assert!(!paths.contains("only the hook"), "{object}");
    }
    assert!(diff["diagnostics"].as_array().unwrap().is_empty(), "{diff}");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}
