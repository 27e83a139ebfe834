//! Attach when things go wrong: a second client, a client that vanishes
//! while the host is stopped, a host that closes its Lua state or is busy
//! in a long C call, and requests meant for the other mode.

use serde_json::json;

use super::host::Host;
use crate::dap::support::{line_of, Dap};

#[test]
fn a_second_client_is_refused_while_one_is_attached() {
    let host = Host::start("busy");
    let mut first = host.attach(json!({}));
    let mut second = host.connect();
    let refusal = second.fails(
        "initialize",
        json!({"adapterID": "lua-snapshot", "linesStartAt1": true}),
    );
    assert!(
        refusal.contains("already has a debugger attached"),
        "{refusal}"
    );
    first.ok("takeSnapshot", json!({}));
    first.ok("disconnect", json!({}));
    drop(first);
    host.finish();
}

#[test]
fn a_client_that_vanishes_while_stopped_lets_the_host_run_on() {
    let host = Host::start("busy");
    let mut dap = host.attach(json!({}));
    dap.set_breakpoints(&host.script, &[line_of(&host.script, "update")]);
    dap.stopped("breakpoint");
    let frames: i64 = dap.eval("frames").parse().unwrap();
    drop(dap); // the connection closes without disconnect
    let mut again = host.attach(json!({}));
    // No breakpoint is left: the host runs.
    let later = loop {
        let now: i64 = again.ok(
            "evaluate",
            json!({"expression": "frames", "context": "watch"}),
        )["result"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        if now > frames + 5 {
            break now;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(later > frames);
    again.ok("disconnect", json!({}));
    drop(again);
    host.finish();
}

#[test]
fn a_host_that_closes_its_lua_state_ends_the_session() {
    let mut host = Host::start("busy");
    let mut dap = host.attach(json!({}));
    dap.ok(
        "evaluate",
        json!({"expression": "done = true", "context": "repl"}),
    );
    dap.wait_output(Some("console"), "the host closed its Lua state");
    dap.event("terminated");
    assert_eq!(host.wait(), Some(0), "{}", host.stderr());
}

#[test]
fn a_host_busy_in_a_long_c_call_is_waited_for_and_says_so() {
    let host = Host::start("stall");
    let mut dap = host.connect();
    dap.initialize();
    let seq = dap.send("attach", json!({"port": host.port}));
    dap.wait_output(Some("console"), "waiting for the host");
    assert!(
        !host.stderr().contains("stall over"),
        "the message came during the C call"
    );
    let response = dap.response(seq, "attach");
    assert_eq!(response["success"], true, "{response}");
    // The first Lua instruction after the C call served the attach; the
    // host's own line about it comes right after.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !host.stderr().contains("stall over") {
        assert!(std::time::Instant::now() < deadline, "{}", host.stderr());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    dap.event("initialized");
    dap.ok("takeSnapshot", json!({}));
    dap.ok("disconnect", json!({}));
    drop(dap);
    host.finish();
}

#[test]
fn launch_and_attach_each_name_the_other_mode() {
    let host = Host::start("busy");
    let mut dap = host.connect();
    dap.initialize();
    let message = dap.fails("launch", json!({"program": host.script}));
    assert!(message.contains("use an attach configuration"), "{message}");
    drop(dap);

    let mut adapter = Dap::start();
    adapter.initialize();
    let message = adapter.fails("attach", json!({"port": host.port}));
    assert!(
        message.contains("lsnapshot').listen{port = N}"),
        "{message}"
    );
    adapter.ok("disconnect", json!({}));
    host.finish();
}
