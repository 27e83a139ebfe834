//! What only LuaJIT has: compiled code, in which LuaJIT calls no hook.
//! The debugger turns the JIT off (and flushes its traces) while
//! breakpoints or stepping need hooks, and on again when none do. Run with
//! `LUA_SNAPSHOT_RUNTIME=luajit`; skipped on Lua 5.4.

use super::runtime;
use super::support;

use serde_json::json;
use support::{fixture, line_of, Dap};

fn on_luajit() -> bool {
    if !runtime::luajit() {
        eprintln!("skipped: LuaJIT only (LUA_SNAPSHOT_RUNTIME=luajit)");
    }
    runtime::luajit()
}

/// A session running `jit_hot.lua` with no breakpoint, after its loop was
/// compiled (the script says so).
fn warm() -> (Dap, String) {
    let mut dap = Dap::start();
    let program = fixture("jit_hot.lua");
    dap.launch(&program, json!({}), &[]);
    let out = dap.wait_output(None, "warm:");
    assert!(out.contains("warm: trace true, jit true"), "{out}");
    (dap, program)
}

#[test]
fn a_breakpoint_set_in_a_compiled_loop_is_hit() {
    if !on_luajit() {
        return;
    }
    let (mut dap, program) = warm();
    dap.set_breakpoints(&program, &[line_of(&program, "hot")]);
    dap.stopped("breakpoint");
    assert_eq!(dap.frames()[0]["line"], line_of(&program, "hot"));
    assert_eq!(dap.eval("(jit.status())"), "false");
    // It stops at every iteration: the loop runs interpreted, not in the
    // trace compiled before (which would run on to the loop's end).
    let first: i64 = dap.eval("i").parse().expect("i");
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    assert_eq!(dap.frames()[0]["line"], line_of(&program, "hot"));
    assert_eq!(dap.eval("i"), (first + 1).to_string());
    dap.terminate_and_finish();
}

#[test]
fn without_breakpoints_the_jit_runs() {
    if !on_luajit() {
        return;
    }
    let (mut dap, program) = warm();
    dap.ok("pause", json!({"threadId": 1}));
    dap.stopped("pause");
    assert_eq!(dap.eval("(jit.status())"), "true");
    // A breakpoint turns it off, removing it turns it on again.
    dap.set_breakpoints(&program, &[line_of(&program, "hot")]);
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    assert_eq!(dap.eval("(jit.status())"), "false");
    dap.set_breakpoints(&program, &[]);
    dap.ok("continue", json!({"threadId": 1}));
    std::thread::sleep(std::time::Duration::from_millis(100));
    dap.ok("pause", json!({"threadId": 1}));
    dap.stopped("pause");
    assert_eq!(dap.eval("(jit.status())"), "true");
    dap.terminate_and_finish();
}

#[test]
fn initialize_announces_only_what_works_on_luajit() {
    if !on_luajit() {
        return;
    }
    let mut dap = Dap::start();
    let caps = dap.initialize();
    assert_eq!(caps["supportsRestartFrame"], false, "{caps}");
    assert_eq!(caps["supportsLoadedSourcesRequest"], false, "{caps}");
    assert_eq!(caps["supportsFunctionBreakpoints"], true, "{caps}");
    assert_eq!(caps["supportsSetExpression"], true, "{caps}");
    assert_eq!(caps["supportsCompletionsRequest"], true, "{caps}");
    dap.ok("disconnect", json!({}));
}
