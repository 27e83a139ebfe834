//! Issue 19 over DAP: `diffSnapshots` folds a leaked list under its head
//! (`limit` counts top entries), `snapshotSummary` compares classes, and
//! `exportSnapshot` writes Chrome's `.heapsnapshot`.

use super::support;

use serde_json::{json, Value};
use support::{fixture, line_of, Dap};

/// Stops at both marked lines of `entity_list.lua`, with a snapshot at each.
fn two_snapshots() -> Dap {
    let mut dap = Dap::start();
    let program = fixture("entity_list.lua");
    let lines = [line_of(&program, "before"), line_of(&program, "after")];
    dap.launch(&program, json!({}), &[(&program, &lines)]);
    dap.stopped("breakpoint");
    dap.ok("takeSnapshot", json!({}));
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    dap.ok("takeSnapshot", json!({}));
    dap
}

fn row<'a>(body: &'a Value, class: &str) -> &'a Value {
    body["classes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["class"] == class)
        .unwrap_or_else(|| panic!("no class {class} in {body}"))
}

#[test]
fn a_leaked_list_is_one_top_entry_and_one_class() {
    let mut dap = two_snapshots();
    let diff = dap.ok("diffSnapshots", json!({"from": 1, "to": 2, "limit": 3}));
    assert!(diff["addedCount"].as_u64().unwrap() >= 1000, "{diff}");
    let added = diff["added"].as_array().unwrap();
    let head = &added[0];
    assert_eq!(head["class"], "Entity");
    assert_eq!(head["dominator"], Value::Null);
    // The head retains the 1,000 new nodes and the 10 old ones.
    assert_eq!(head["retained_count"], 1010);
    let node = head["size"].as_u64().unwrap();
    assert_eq!(head["retained_size"], 1010 * node);
    let tops: Vec<&Value> = added.iter().filter(|o| o["dominator"].is_null()).collect();
    assert!(tops.len() <= 3, "limit counts top entries: {diff}");
    assert!(diff["topCount"].as_u64().unwrap() as usize >= tops.len());
    // Then objects folded under the shown entries, at most `limit`.
    let folded: Vec<&Value> = added.iter().filter(|o| !o["dominator"].is_null()).collect();
    assert_eq!(folded.len(), 3, "{diff}");
    assert_eq!(folded[0]["dominator"], head["address"]);

    let summary = dap.ok("snapshotSummary", json!({"snapshot": 2, "baseline": 1}));
    assert_eq!(summary["snapshot"], 2);
    assert_eq!(summary["baseline"], 1);
    let entity = row(&summary, "Entity");
    assert_eq!(entity["count"], 1010);
    assert_eq!(entity["size"], 1010 * node);
    assert_eq!(entity["retained_size"], 1010 * node);
    assert_eq!(entity["count_delta"], 1000);
    assert_eq!(entity["new_count"], 1000);
    assert_eq!(entity["freed_count"], 0);

    let alone = dap.ok("snapshotSummary", json!({"snapshot": 1}));
    assert_eq!(alone["baseline"], Value::Null);
    let entity = row(&alone, "Entity");
    assert_eq!(entity["count"], 10);
    assert!(entity.get("count_delta").is_none(), "{entity}");
    assert!(dap
        .fails("snapshotSummary", json!({"snapshot": 1, "baseline": 2}))
        .contains("'baseline' must be an older snapshot"));
    assert!(dap
        .fails("snapshotSummary", json!({"snapshot": 7}))
        .contains("no snapshot with id 7"));
    dap.terminate_and_finish();
}

#[test]
fn export_writes_a_heapsnapshot() {
    let mut dap = two_snapshots();
    let dir = std::env::temp_dir().join(format!("lua-snapshot-hs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("two.heapsnapshot");
    dap.ok(
        "exportSnapshot",
        json!({"id": 2, "path": path, "format": "heapsnapshot"}),
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let meta = &doc["snapshot"]["meta"];
    let fields = meta["node_fields"].as_array().unwrap().len();
    let nodes = doc["nodes"].as_array().unwrap();
    assert_eq!(
        nodes.len(),
        doc["snapshot"]["node_count"].as_u64().unwrap() as usize * fields
    );
    let edges = doc["edges"].as_array().unwrap();
    assert_eq!(
        edges.len(),
        doc["snapshot"]["edge_count"].as_u64().unwrap() as usize * 3
    );
    // Node names are classes: 1,010 objects named Entity.
    let strings = doc["strings"].as_array().unwrap();
    let entity = strings.iter().position(|s| s == "Entity").unwrap() as u64;
    let object = 3; // "object" in node_types[0]
    let named = nodes
        .chunks(fields)
        .filter(|n| n[0] == object && n[1] == entity)
        .count();
    assert_eq!(named, 1010);
    dap.terminate_and_finish();
    let _ = std::fs::remove_dir_all(&dir);
}
