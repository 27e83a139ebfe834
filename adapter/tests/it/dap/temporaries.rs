//! Stopped at a breakpoint, a leaked closure that sits in a temporary of the
//! running statement is explained by the module table that keeps it, not by
//! the temporary's stack slot (which is nearer to the root).

use super::support;

use super::baseline::diffs;
use serde_json::{json, Value};
use support::{fixture, line_of, Dap};

#[test]
fn a_stop_names_the_module_that_keeps_a_closure_not_a_temporary() {
    if super::runtime::skip_on_luajit("the path asserted names Lua 5.4's stack slots") {
        return;
    }
    let mut dap = Dap::start();
    let program = fixture("temporaries_loop.lua");
    let stop = line_of(&program, "stop");
    // The module is the one `run`'s test of the same case uses.
    let modules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/run/lua/?.lua");
    dap.launch(
        &program,
        json!({"snapshotOnStop": true, "luaPath": modules}),
        &[(&program, &[stop])],
    );
    dap.stopped("breakpoint");
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    let diff: Value = diffs(&dap)
        .pop()
        .expect("a snapshotDiff event at the second stop");

    let added = diff["added"].as_array().expect("added");
    let closures: Vec<&Value> = added.iter().filter(|o| o["type"] == "function").collect();
    assert_eq!(closures.len(), 1, "{diff:#}");
    let paths: Vec<&str> = closures[0]["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    // First through the main chunk's local `events` and the module's
    // `listeners`, then, as another parent, the temporary.
    assert!(
        paths[0].ends_with(":16)[2]")
            && paths[0].contains(")[1]->(T)events{#")
            && paths[0].contains("}->(T)listeners->(L@"),
        "{paths:#?}"
    );
    assert!(!paths[0].contains("[stack:"), "{paths:#?}");
    assert_eq!(paths.len(), 2, "{paths:#?}");
    assert!(paths[1].contains(")[stack:"), "{paths:#?}");
    // The listeners table that grew is named by its owner too.
    let grown = diff["grown"].as_array().expect("grown");
    assert!(
        grown
            .iter()
            .any(|g| g["path"].as_str().unwrap().ends_with("}->(T)listeners") && g["after"] == 2),
        "{grown:#?}"
    );
    dap.terminate_and_finish();
}
