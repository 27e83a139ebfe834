//! The snapshot requests over DAP: take, list, delete, diff, export,
//! snapshots of a running script and of an ended one, the text of new
//! strings, diagnostics URIs and a million-object heap.

use super::support;

use super::baseline::{diffs, listed, stopped_in_leak_loop, taken};
use serde_json::{json, Value};
use support::{fixture, line_of, Dap};

#[test]
fn take_list_diff_export_delete() {
    if super::runtime::skip_on_luajit("the sizes asserted are Lua 5.4's objects") {
        return;
    }
    let (mut dap, program, tick) = stopped_in_leak_loop(json!({}));
    let first = dap.ok("takeSnapshot", json!({"label": "first"}));
    assert_eq!(first["id"], 1);
    assert_eq!(first["label"], "first");
    assert_eq!(first["stoppedAt"], json!({"path": program, "line": tick}));
    assert!(first["objectCount"].as_i64().unwrap() > 100);
    assert!(first["heapBytes"].as_i64().unwrap() > first["totalSize"].as_i64().unwrap() / 2);
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    let second = dap.ok("takeSnapshot", json!({}));
    assert_eq!(second["id"], 2);
    assert_eq!(second["label"], format!("leak_loop.lua:{tick} · hit 1"));
    assert!(
        taken(&dap).is_empty(),
        "no snapshotTaken without snapshotOnStop"
    );

    let ids: Vec<i64> = listed(&mut dap).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, vec![1, 2]);

    let diff = dap.ok("diffSnapshots", json!({"from": 1, "to": 2, "limit": 1}));
    assert_eq!(diff["from"], 1);
    assert_eq!(diff["to"], 2);
    assert_eq!(diff["addedCount"], 3, "closure, state table, upvalue cell");
    // `limit` counts top entries (issue 19): the closure, which retains
    // the table and the cell; then at most `limit` objects folded under it.
    assert_eq!(diff["topCount"], 1);
    let added = diff["added"].as_array().unwrap();
    assert_eq!(added.len(), 2, "limit cuts the list");
    assert_eq!(added[0]["type"], "function");
    assert_eq!(added[0]["retained_size"], 160);
    // The state table, folded under the cell (which `limit` left out),
    // folded under the closure.
    assert_eq!(added[1]["type"], "table");
    assert!(added[1]["dominator"].is_string());
    assert_eq!(diff["diagnostics"].as_array().unwrap().len(), 1);

    assert!(dap
        .fails("diffSnapshots", json!({"from": 2, "to": 1}))
        .contains("'from' must be an older snapshot than 'to'"));
    assert!(dap
        .fails("diffSnapshots", json!({"from": 1, "to": 9}))
        .contains("no snapshot with id 9; known ids: 1, 2"));
    assert!(dap
        .fails("diffSnapshots", json!({"from": 1}))
        .contains("'to'"));

    let dir = std::env::temp_dir().join(format!("lua-snapshot-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let json_path = dir.join("snap.json");
    let written = dap.ok(
        "exportSnapshot",
        json!({"id": 2, "path": json_path, "format": "json"}),
    );
    assert_eq!(written["path"], json_path.to_string_lossy().as_ref());
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(doc["objectCount"], second["objectCount"]);
    assert_eq!(
        doc["objects"].as_array().unwrap().len() as i64,
        second["objectCount"].as_i64().unwrap()
    );
    let text_path = dir.join("snap.txt");
    dap.ok(
        "exportSnapshot",
        json!({"id": 1, "path": text_path, "format": "text"}),
    );
    let text = std::fs::read_to_string(&text_path).unwrap();

    assert!(text.starts_with("-- snapshot 1 (first): "), "{text}");
    assert!(text.contains("\t(T)\tsize:"));
    assert!(dap
        .fails(
            "exportSnapshot",
            json!({"id": 1, "path": "/nonexistent-dir/x.json", "format": "json"})
        )
        .contains("cannot write '/nonexistent-dir/x.json'"));
    // Nothing half-written is left behind.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    dap.ok("deleteSnapshot", json!({"id": 1}));
    assert!(dap
        .fails("deleteSnapshot", json!({"id": 1}))
        .contains("snapshot 1 was deleted; known ids: 2"));
    let list = dap.ok("listSnapshots", json!({}));
    assert_eq!(list["snapshots"].as_array().unwrap().len(), 1);

    dap.terminate_and_finish();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn snapshots_of_a_running_script_do_not_stop_it() {
    if super::runtime::skip_on_luajit("the sizes asserted are Lua 5.4's objects") {
        return;
    }
    let mut dap = Dap::start();
    dap.launch(&fixture("spin_leak.lua"), json!({}), &[]);
    std::thread::sleep(std::time::Duration::from_millis(100));
    let a = dap.ok("takeSnapshot", json!({"label": "running 1"}));
    std::thread::sleep(std::time::Duration::from_millis(200));
    let b = dap.ok("takeSnapshot", json!({"label": "running 2", "gc": false}));
    assert!(a["stoppedAt"].is_null());
    assert_eq!(b["id"], 2);
    let diff = dap.ok("diffSnapshots", json!({"from": 1, "to": 2}));
    // Only `{ n }` tables were created in between, held by Kept.
    let added = diff["added"].as_array().unwrap();
    assert!(!added.is_empty(), "the script ran between the snapshots");
    for o in added {
        assert_eq!(o["type"], "table");
        assert_eq!(o["size"], 72);
        // Held by `Kept` (the newest may be reached first through the
        // stack slot that still holds it).
        let paths = o["paths"].as_array().unwrap();
        assert!(
            paths.iter().any(|p| p
                .as_str()
                .unwrap()
                .starts_with("Root->(T)[registry]->(T)_G->(T)Kept->(T)[")),
            "{paths:?}"
        );
    }
    assert!(
        !dap.history.iter().any(|m| m["event"] == "stopped"),
        "snapshots of a running script send no stopped event"
    );
    dap.terminate_and_finish();
}

#[test]
fn requests_without_a_session_say_so() {
    let mut dap = Dap::start();
    dap.initialize();
    for (command, args) in [
        ("takeSnapshot", json!({})),
        ("listSnapshots", json!({})),
        ("diffSnapshots", json!({"from": 1, "to": 2})),
    ] {
        let message = dap.fails(command, args);
        assert!(
            message.contains("no program is running"),
            "{command}: {message}"
        );
    }
    dap.finish();
}

#[test]
fn diagnostics_uris_are_percent_encoded() {
    let dir = std::env::temp_dir().join(format!("lua snapshot #{} é", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let program = dir.join("leak loop.lua");
    std::fs::copy(fixture("leak_loop.lua"), &program).unwrap();
    let program = program.to_string_lossy().into_owned();
    let tick = line_of(&program, "tick");
    let mut dap = Dap::start();
    dap.launch(
        &program,
        json!({"snapshotOnStop": true}),
        &[(&program, &[tick])],
    );
    dap.stopped("breakpoint");
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    let body = diffs(&dap).pop().expect("a diff");
    let uri = body["diagnostics"][0]["uri"].as_str().unwrap().to_owned();
    let encoded_dir = format!("lua%20snapshot%20%23{}%20%C3%A9", std::process::id());
    let parent = dir.parent().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        uri,
        format!("file://{parent}/{encoded_dir}/leak%20loop.lua")
    );
    dap.terminate_and_finish();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_million_object_heap_with_progress_events_and_cancel() {
    let mut dap = Dap::start();
    let program = fixture("big_heap.lua");
    let built = line_of(&program, "built");
    dap.ok(
        "initialize",
        json!({"clientID": "tests", "adapterID": "lua-snapshot", "supportsProgressReporting": true}),
    );
    dap.ok("launch", json!({"program": program}));
    dap.event("initialized");
    dap.set_breakpoints(&program, &[built]);
    dap.ok("configurationDone", Value::Null);
    dap.stopped("breakpoint");
    let taken = dap.ok("takeSnapshot", json!({"label": "big"}));
    assert!(taken["objectCount"].as_i64().unwrap() >= 1_000_000);
    let events: Vec<&str> = dap
        .history
        .iter()
        .filter_map(|m| m["event"].as_str())
        .filter(|e| e.starts_with("progress"))
        .collect();
    assert_eq!(events.first(), Some(&"progressStart"));
    assert_eq!(events.last(), Some(&"progressEnd"));
    let progress: Vec<&Value> = dap
        .history
        .iter()
        .filter(|m| {
            m["event"]
                .as_str()
                .is_some_and(|e| e.starts_with("progress"))
        })
        .collect();
    // From the start: a cancel button and the share of the heap walked.
    assert_eq!(progress[0]["body"]["cancellable"], true);
    assert_eq!(progress[0]["body"]["percentage"], 0.0);
    let percentages: Vec<f64> = progress
        .iter()
        .filter(|m| m["event"] == "progressUpdate")
        .map(|m| m["body"]["percentage"].as_f64().expect("a percentage"))
        .collect();
    assert!(
        percentages.windows(2).all(|w| w[0] <= w[1]) && percentages.iter().all(|&p| p < 100.0),
        "{percentages:?}"
    );

    // Cancelled, by request or by progress: the request fails with
    // `cancelled`, nothing is kept, and the next snapshot works. (The
    // cancel goes first, so that the walk cannot finish before it, however
    // slow this machine is; a cancel in the middle of a walk takes the
    // same path between two steps.)
    for by in ["requestId", "progressId"] {
        // The takeSnapshot after this cancel.
        let seq = dap.next_seq() + 1;
        let id = match by {
            "requestId" => json!(seq),
            _ => json!(format!("lua-snapshot-walk-{seq}")),
        };
        dap.ok("cancel", json!({ by: id }));
        let seq = dap.send("takeSnapshot", json!({"label": "cancelled"}));
        let walk = format!("lua-snapshot-walk-{seq}");
        let start = dap.wait_for("its progressStart", |m| {
            m["event"] == "progressStart" && m["body"]["progressId"] == walk
        });
        assert_eq!(start["body"]["requestId"], seq);
        let response = dap.response(seq, "takeSnapshot");
        assert_eq!(response["success"], false, "{response}");
        assert_eq!(response["message"], "cancelled");
        let end = dap.wait_for("its progressEnd", |m| {
            m["event"] == "progressEnd" && m["body"]["progressId"] == walk
        });
        assert_eq!(end["body"]["message"], "cancelled");
    }
    let listed = dap.ok("listSnapshots", json!({}));
    assert_eq!(listed["snapshots"].as_array().unwrap().len(), 1, "{listed}");
    let again = dap.ok("takeSnapshot", json!({}));
    assert!(again["objectCount"].as_i64().unwrap() >= 1_000_000);
    dap.terminate_and_finish();
}

#[test]
fn snapshots_stay_usable_after_the_program_ended_until_disconnect() {
    let (mut dap, program, _) = stopped_in_leak_loop(json!({"snapshotOnStop": true}));
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    dap.ok(
        "setBreakpoints",
        json!({"source": {"path": program}, "breakpoints": []}),
    );
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);

    // The script and its VM are gone; its snapshots are not.
    let list = dap.ok("listSnapshots", json!({}));
    assert_eq!(list["snapshots"].as_array().unwrap().len(), 2);
    let diff = dap.ok("diffSnapshots", json!({"from": 1, "to": 2}));
    assert_eq!(
        diff["addedCount"], 3,
        "one leak: closure, state table, upvalue cell"
    );
    assert_eq!(diff["diagnostics"].as_array().unwrap().len(), 1);
    let path = std::env::temp_dir().join(format!("lua-snapshot-ended-{}.txt", std::process::id()));
    dap.ok(
        "exportSnapshot",
        json!({"id": 2, "path": path, "format": "text"}),
    );
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with("-- snapshot 2 ("));
    let _ = std::fs::remove_file(&path);
    dap.ok("setBaseline", json!({"id": 2}));
    assert!(dap
        .fails("takeSnapshot", json!({}))
        .contains("the program has ended"));
    assert!(dap
        .fails("stackTrace", json!({"threadId": 1}))
        .contains("the program has ended"));
    // `terminate` of an ended program only says it is over.
    dap.ok("terminate", json!({}));
    dap.event("terminated");
    dap.ok("deleteSnapshot", json!({"id": 1}));
    // disconnect lets it go: the adapter exits cleanly.
    dap.finish();
}

/// New strings show their text while the program is paused in the VM that
/// holds them (a long one cut at a character boundary); after the program
/// ended the text is gone with the VM, and `text` is absent.
#[test]
fn new_strings_show_their_text_while_the_vm_is_there() {
    let mut dap = Dap::start();
    let program = fixture("leak_strings.lua");
    let tick = line_of(&program, "tick");
    dap.launch(&program, json!({}), &[(&program, &[tick])]);
    dap.stopped("breakpoint");
    dap.ok("takeSnapshot", json!({}));
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    dap.ok("takeSnapshot", json!({}));
    let texts = |body: &Value| -> Vec<String> {
        let mut t: Vec<String> = body["added"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["type"] == "string")
            .filter_map(|o| o.get("text").map(|t| t.as_str().unwrap().to_owned()))
            .collect();
        t.sort();
        t
    };
    let diff = dap.ok("diffSnapshots", json!({"from": 1, "to": 2}));
    let long = format!("{}…", "é".repeat(60));
    let shown = texts(&diff);
    let shown_count = diff["addedCount"].clone();
    assert!(shown.contains(&"player-2".to_owned()), "{diff}");
    assert!(shown.contains(&long), "{diff}");
    assert!(diff["added"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| (o["type"] == "string") == o.get("text").is_some()));
    dap.set_breakpoints(&program, &[]);
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    let diff = dap.ok("diffSnapshots", json!({"from": 1, "to": 2}));
    assert!(texts(&diff).is_empty(), "{diff}");
    assert_eq!(diff["addedCount"], shown_count);
    dap.finish();
}
