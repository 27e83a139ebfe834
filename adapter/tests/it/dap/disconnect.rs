//! `disconnect` with `terminateDebuggee`: a launched program runs inside
//! the adapter, so it ends with the session whatever the flag says, and a
//! `false` is answered with a console line that says so.

use super::support;

use serde_json::json;
use support::{fixture, Dap};

const NOTE: &str = "ends with the session";

#[test]
fn a_running_program_ends_even_when_asked_to_keep_running() {
    let mut dap = Dap::start();
    dap.launch(&fixture("infinite.lua"), json!({}), &[]);
    dap.ok("disconnect", json!({"terminateDebuggee": false}));
    let console = dap.output(Some("console"));
    assert!(console.contains(NOTE), "{console:?}");
    dap.close_stdin();
    assert_eq!(dap.wait_exit(), Some(0), "stderr:\n{}", dap.stderr());
}

#[test]
fn an_ended_program_needs_no_note() {
    let mut dap = Dap::start();
    let caps = dap.initialize();
    assert_eq!(caps["supportTerminateDebuggee"], true);
    dap.ok("launch", json!({"program": fixture("exit3.lua")}));
    dap.event("initialized");
    dap.ok("configurationDone", json!(null));
    assert_eq!(dap.exit_code(), 3);
    dap.ok("disconnect", json!({"terminateDebuggee": false}));
    assert!(!dap.output(Some("console")).contains(NOTE));
    dap.close_stdin();
    assert_eq!(dap.wait_exit(), Some(0));
}
