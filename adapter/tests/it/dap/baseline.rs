//! `snapshotOnStop` and the baseline: a snapshot at every stop
//! (`snapshotTaken`), the diff from the baseline at every later stop
//! (`snapshotDiff`), moving the baseline, and the snapshot budget, which
//! never drops the baseline or the snapshot just taken.

use super::support;

use serde_json::{json, Value};
use support::{fixture, line_of, Dap};

/// `leak_loop.lua` launched with `options` and a breakpoint at its `tick`
/// line, stopped there the first time: the adapter, the program, the line.
pub(super) fn stopped_in_leak_loop(options: Value) -> (Dap, String, i64) {
    let mut dap = Dap::start();
    let program = fixture("leak_loop.lua");
    let tick = line_of(&program, "tick");
    dap.launch(&program, options, &[(&program, &[tick])]);
    dap.stopped("breakpoint");
    (dap, program, tick)
}

/// `listSnapshots`: each kept snapshot's id and whether it is the baseline.
pub(super) fn listed(dap: &mut Dap) -> Vec<(i64, bool)> {
    let list = dap.ok("listSnapshots", json!({}));
    list["snapshots"]
        .as_array()
        .expect("snapshots")
        .iter()
        .map(|s| (s["id"].as_i64().unwrap(), s["baseline"].as_bool().unwrap()))
        .collect()
}

/// The `snapshotDiff` events received so far.
pub(super) fn diffs(dap: &Dap) -> Vec<Value> {
    dap.history
        .iter()
        .filter(|m| m["type"] == "event" && m["event"] == "snapshotDiff")
        .map(|m| m["body"].clone())
        .collect()
}

/// The `snapshotTaken` events received so far.
pub(super) fn taken(dap: &Dap) -> Vec<Value> {
    dap.history
        .iter()
        .filter(|m| m["type"] == "event" && m["event"] == "snapshotTaken")
        .map(|m| m["body"].clone())
        .collect()
}

/// Kind and size of each added object.
fn added(body: &Value) -> Vec<(String, i64)> {
    body["added"]
        .as_array()
        .expect("added")
        .iter()
        .map(|o| {
            (
                o["type"].as_str().unwrap().to_owned(),
                o["size"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn snapshot_on_stop_reports_the_closure_leaked_by_each_iteration() {
    if super::runtime::skip_on_luajit("the sizes asserted are Lua 5.4's objects") {
        return;
    }
    let mut dap = Dap::start();
    let program = fixture("leak_loop.lua");
    let tick = line_of(&program, "tick");
    let closure_line = line_of(&program, "closure");
    dap.launch(
        &program,
        json!({"snapshotOnStop": true}),
        &[(&program, &[tick])],
    );
    dap.stopped("breakpoint");
    assert!(diffs(&dap).is_empty(), "no diff before the second stop");
    // The first stop's snapshot is announced, and is the baseline.
    let first = taken(&dap);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["id"], 1);
    assert_eq!(first[0]["label"], format!("leak_loop.lua:{tick} · hit 1"));
    assert_eq!(first[0]["baseline"], true);
    assert_eq!(
        first[0]["stoppedAt"],
        json!({"path": program, "line": tick})
    );
    for iteration in 2..=3 {
        dap.ok("continue", json!({"threadId": 1}));
        let stopped = dap.stopped("breakpoint");
        let all = diffs(&dap);
        assert_eq!(all.len(), iteration - 1);
        let body = all.last().unwrap();
        let snap = taken(&dap).last().unwrap().clone();
        assert_eq!(snap["id"], iteration);
        assert_eq!(
            snap["label"],
            format!("leak_loop.lua:{tick} · hit {iteration}")
        );
        assert_eq!(snap["baseline"], false);
        // From the baseline (the first stop) to this stop.
        assert_eq!(body["from"], 1);
        assert_eq!(body["to"], iteration);
        // The diff event comes before the stopped event it belongs to.
        let diff_at = dap
            .history
            .iter()
            .rposition(|m| m["event"] == "snapshotDiff")
            .unwrap();
        let stop_at = dap
            .history
            .iter()
            .rposition(|m| m["event"] == "stopped")
            .unwrap();
        assert_eq!(dap.history[stop_at]["body"]["reason"], stopped["reason"]);
        assert!(diff_at < stop_at);

        // Each iteration since the baseline left its closure (40 bytes: one
        // upvalue), its state table (56 bytes + one hash node of 24) and
        // the upvalue cell (40): the counts grow with every stop.
        let leaked = iteration as i64 - 1;
        let mut expected = Vec::new();
        for _ in 0..leaked {
            expected.insert(0, ("table".to_owned(), 80));
            expected.push(("function".to_owned(), 40));
            expected.push(("upvalue".to_owned(), 40));
        }
        let mut got = added(body);
        // Folded (issue 19): the closures first, each retaining its state
        // table and cell (largest retained size first), then the objects
        // folded under them, largest first.
        let objects = body["added"].as_array().unwrap();
        let tops = objects
            .iter()
            .take_while(|o| o["dominator"].is_null())
            .count();
        assert_eq!(tops as i64, leaked, "{body}");
        assert!(objects[..tops]
            .iter()
            .all(|o| o["type"] == "function" && o["retained_size"] == 160));
        let under = &got[tops..];
        assert!(under.windows(2).all(|w| w[0].1 >= w[1].1), "{got:?}");
        got.sort();
        expected.sort();
        assert_eq!(got, expected);
        assert_eq!(body["addedCount"], 3 * leaked);
        assert_eq!(body["addedSize"], 160 * leaked);
        let newest = body["added"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["type"] == "function")
            .find(|o| {
                o["paths"][0]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("[{iteration}]"))
            })
            .expect("the closure of this iteration");
        let function = newest;
        assert_eq!(function["location"]["path"], program.as_str());
        assert_eq!(function["location"]["line"], closure_line);
        assert_eq!(
            function["paths"][0],
            format!(
                "Root->(T)[registry]->(T)_G->(T)Listeners->(L@{}:{closure_line})[{iteration}]",
                function["source"]
                    .as_str()
                    .unwrap()
                    .rsplit_once(':')
                    .unwrap()
                    .0
            )
        );
        assert!(body["added"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["paths"][0]
                .as_str()
                .unwrap()
                .ends_with(&format!("[{iteration}]->(T)state"))));
        // The list of listeners grew by one entry per iteration (and `_G`
        // by the global `Tick`, set after the first stop).
        let grown: Vec<(String, i64, i64)> = body["grown"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                let path = g["path"].as_str().unwrap().to_owned();
                (
                    path,
                    g["before"].as_i64().unwrap(),
                    g["after"].as_i64().unwrap(),
                )
            })
            .collect();
        let listeners = (
            "Root->(T)[registry]->(T)_G->(T)Listeners".to_owned(),
            1,
            iteration as i64,
        );
        assert!(grown.contains(&listeners), "{grown:?}");
        assert_eq!(grown.len(), 2, "{grown:?}");
        // One warning, at the closure's definition.
        let diags = body["diagnostics"].as_array().unwrap();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0]["uri"], format!("file://{program}"));
        let d = &diags[0]["diagnostics"][0];
        assert_eq!(d["range"]["start"]["line"], closure_line - 1);
        assert_eq!(d["severity"], 2);
        assert_eq!(d["code"], "leaked-closure");
        assert_eq!(d["source"], "lua-snapshot");
        let message = d["message"].as_str().unwrap();
        let closures = if leaked == 1 {
            "1 closure created here is still alive (160 B with the new objects it holds)".to_owned()
        } else {
            format!("{leaked} closures created here are still alive ({} B with the new objects they hold)", 160 * leaked)
        };
        assert!(
            message.starts_with(&format!(
                "{closures}, held by Root->(T)[registry]->(T)_G->(T)Listeners->(L@"
            )),
            "{message}"
        );
    }
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}

#[test]
fn the_budget_keeps_the_newest_snapshots() {
    let (mut dap, _, _) = stopped_in_leak_loop(json!({"maxSnapshots": 2}));
    for _ in 0..3 {
        dap.ok("takeSnapshot", json!({"gc": false}));
    }
    let ids: Vec<i64> = listed(&mut dap).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, vec![2, 3]);
    let message = dap.fails("diffSnapshots", json!({"from": 1, "to": 3}));
    assert!(
        message.contains(
            "snapshot 1 was dropped (only the last 2 and the baseline are kept; set maxSnapshots to keep more)"
        ),
        "{message}"
    );
    dap.terminate_and_finish();
}

#[test]
fn the_baseline_can_be_moved_and_is_never_dropped() {
    let (mut dap, _, _) = stopped_in_leak_loop(json!({"snapshotOnStop": true, "maxSnapshots": 2}));
    // Manual snapshots push the first stop's out of a budget of 2, but not
    // the baseline.
    for _ in 0..3 {
        dap.ok("takeSnapshot", json!({"gc": false}));
    }
    let kept = listed(&mut dap);
    assert_eq!(kept, vec![(1, true), (4, false)]);
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    let diff = diffs(&dap).last().unwrap().clone();
    assert_eq!(
        (diff["from"].as_i64(), diff["to"].as_i64()),
        (Some(1), Some(5))
    );
    assert_eq!(
        diff["addedCount"], 3,
        "one leak: closure, state table, upvalue cell"
    );

    // Mark the latest as baseline: the next diff starts there.
    dap.ok("setBaseline", json!({"id": 5}));
    assert!(dap
        .fails("setBaseline", json!({"id": 2}))
        .contains("snapshot 2 was dropped"));
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    let diff = diffs(&dap).last().unwrap().clone();
    assert_eq!(
        (diff["from"].as_i64(), diff["to"].as_i64()),
        (Some(5), Some(6))
    );
    assert_eq!(diff["addedCount"], 3);
    let kept = listed(&mut dap);
    assert_eq!(kept, vec![(5, true), (6, false)]);
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}

/// With a budget of one snapshot, every stop still diffs against the
/// baseline: the store keeps the baseline and the snapshot just taken.
#[test]
fn a_budget_of_one_still_diffs_every_stop() {
    let (mut dap, _, _) = stopped_in_leak_loop(json!({"snapshotOnStop": true, "maxSnapshots": 1}));
    for stop in 2..=3 {
        dap.ok("continue", json!({"threadId": 1}));
        dap.stopped("breakpoint");
        let all = diffs(&dap);
        assert_eq!(all.len(), stop - 1, "a diff at every stop after the first");
        let diff = all.last().unwrap();
        assert_eq!(diff["from"], 1);
        assert_eq!(diff["to"], stop as i64);
        assert_eq!(diff["addedCount"], 3 * (stop as i64 - 1));
    }
    dap.terminate_and_finish();
}
