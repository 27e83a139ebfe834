//! The custom snapshot requests: exact JSON shapes, defaults, and responses
//! that still pass the base `Response` definition.

use super::common;

use common::{request, response, valid};
use dap::parse_args;
use dap::types::snapshot::*;
use serde_json::json;

#[test]
fn take_snapshot_arguments_default_gc_to_true() {
    let args: TakeSnapshotArguments =
        parse_args(&request(TAKE_SNAPSHOT, serde_json::Value::Null)).expect("args");
    assert_eq!(
        args,
        TakeSnapshotArguments {
            label: None,
            gc: true
        }
    );
    let args: TakeSnapshotArguments = parse_args(&request(
        TAKE_SNAPSHOT,
        json!({"label": "before", "gc": false}),
    ))
    .expect("args");
    assert_eq!(args.label.as_deref(), Some("before"));
    assert!(!args.gc);
}

#[test]
fn take_snapshot_body() {
    let body = TakeSnapshotResponseBody {
        id: 1,
        label: "before".into(),
        object_count: 5230,
        total_size: 412_800,
        heap_bytes: 530_432,
        duration_ms: 12.5,
        stopped_at: Some(Location {
            path: "bus.lua".into(),
            line: 16,
        }),
    };
    let value = response(TAKE_SNAPSHOT, &body);
    assert_eq!(
        value["body"],
        json!({"id": 1, "label": "before", "objectCount": 5230, "totalSize": 412800,
               "heapBytes": 530432, "durationMs": 12.5,
               "stoppedAt": {"path": "bus.lua", "line": 16}})
    );
    valid(&value);
    let running = TakeSnapshotResponseBody {
        stopped_at: None,
        ..body
    };
    assert!(serde_json::to_value(&running)
        .expect("json")
        .get("stoppedAt")
        .is_none());
}

#[test]
fn list_snapshots_body() {
    let body = ListSnapshotsResponseBody {
        snapshots: vec![SnapshotSummary {
            id: 2,
            label: "after".into(),
            object_count: 6000,
            total_size: 500_000,
            heap_bytes: 610_000,
            stopped_at: None,
            baseline: true,
        }],
    };
    let value = response(LIST_SNAPSHOTS, &body);
    assert_eq!(
        value["body"],
        json!({"snapshots": [{"id": 2, "label": "after", "objectCount": 6000,
               "totalSize": 500000, "heapBytes": 610000, "baseline": true}]})
    );
    valid(&value);
}

#[test]
fn set_baseline() {
    let args: SetBaselineArguments =
        parse_args(&request(SET_BASELINE, json!({"id": 3}))).expect("args");
    assert_eq!(args.id, 3);
    valid(&response(SET_BASELINE, ()));
}

#[test]
fn delete_and_export() {
    let del: DeleteSnapshotArguments =
        parse_args(&request(DELETE_SNAPSHOT, json!({"id": 4}))).expect("args");
    assert_eq!(del.id, 4);
    valid(&response(DELETE_SNAPSHOT, ()));
    let export: ExportSnapshotArguments = parse_args(&request(
        EXPORT_SNAPSHOT,
        json!({"id": 1, "path": "/tmp/s.json", "format": "json"}),
    ))
    .expect("args");
    assert_eq!(export.format, ExportFormat::Json);
    let err = parse_args::<ExportSnapshotArguments>(&request(
        EXPORT_SNAPSHOT,
        json!({"id": 1, "path": "/tmp/s", "format": "xml"}),
    ))
    .expect_err("bad format");
    assert!(err.contains("format") && err.contains("xml"), "{err}");
    let value = response(
        EXPORT_SNAPSHOT,
        ExportSnapshotResponseBody {
            path: "/tmp/s.json".into(),
        },
    );
    assert_eq!(value["body"], json!({"path": "/tmp/s.json"}));
    valid(&value);
}

#[test]
fn diff_arguments_default_limit() {
    let args: DiffSnapshotsArguments =
        parse_args(&request(DIFF_SNAPSHOTS, json!({"from": 1, "to": 2}))).expect("args");
    assert_eq!(args.limit, 200);
}

#[test]
fn diff_body_keeps_null_fields() {
    let body = DiffSnapshotsResponseBody {
        from: 1,
        to: 2,
        added_count: 2,
        added_size: 160,
        top_count: 2,
        added: vec![
            DiffObject {
                address: "0x55d2c0a1b2c0".into(),
                type_: "table".into(),
                size: 56,
                source: None,
                location: None,
                paths: vec!["Root->(T)[registry]->(T)_G->(T)cache".into()],
                retained_size: 56,
                retained_count: 1,
                class: "table".into(),
                dominator: None,
                text: None,
            },
            DiffObject {
                address: "0x55d2c0a1b300".into(),
                type_: "function".into(),
                size: 40,
                source: Some("@bus.lua".into()),
                location: Some(Location {
                    path: "bus.lua".into(),
                    line: 16,
                }),
                paths: vec![],
                retained_size: 76,
                retained_count: 2,
                class: "function@bus.lua:16".into(),
                dominator: None,
                text: None,
            },
            DiffObject {
                address: "0x55d2c0a1b340".into(),
                type_: "string".into(),
                size: 36,
                source: None,
                location: None,
                paths: vec!["Root->(T)[registry]->(T)_G->(T)names->[1]".into()],
                retained_size: 36,
                retained_count: 1,
                class: "string".into(),
                dominator: Some("0x55d2c0a1b300".into()),
                text: Some("player-1…".into()),
            },
        ],
        removed_count: 0,
        removed_size: 0,
        grown: vec![GrownObject {
            address: "0x55d2c0a1a000".into(),
            path: "Root->(T)[registry]->(T)_G->(T)EventBus->(T)handlers".into(),
            before: 56,
            after: 1080,
        }],
        diagnostics: vec![json!({"kind": "skipped", "count": 1})],
    };
    let value = response(DIFF_SNAPSHOTS, &body);
    assert_eq!(
        value["body"]["added"][0],
        json!({"address": "0x55d2c0a1b2c0", "type": "table", "size": 56, "source": null,
               "location": null, "paths": ["Root->(T)[registry]->(T)_G->(T)cache"],
               "retained_size": 56, "retained_count": 1, "class": "table", "dominator": null})
    );
    assert_eq!(value["body"]["added"][2]["dominator"], "0x55d2c0a1b300");
    assert_eq!(
        value["body"]["added"][1]["location"],
        json!({"path": "bus.lua", "line": 16})
    );
    // `text` only where there is one.
    assert_eq!(value["body"]["added"][2]["text"], "player-1…");
    for key in [
        "from",
        "to",
        "addedCount",
        "addedSize",
        "topCount",
        "added",
        "removedCount",
        "removedSize",
        "grown",
        "diagnostics",
    ] {
        assert!(value["body"].get(key).is_some(), "{key}");
    }
    assert_eq!(
        value["body"]["grown"][0],
        json!({"address": "0x55d2c0a1a000",
               "path": "Root->(T)[registry]->(T)_G->(T)EventBus->(T)handlers",
               "before": 56, "after": 1080})
    );
    valid(&value);
    let back: DiffSnapshotsResponseBody =
        serde_json::from_value(value["body"].clone()).expect("parse back");
    assert_eq!(back, body);
}

#[test]
fn snapshot_summary_arguments_and_body() {
    let args: SnapshotSummaryArguments =
        parse_args(&request(SNAPSHOT_SUMMARY, json!({"snapshot": 3}))).expect("args");
    assert_eq!(
        args,
        SnapshotSummaryArguments {
            snapshot: 3,
            baseline: None
        }
    );
    let args: SnapshotSummaryArguments = parse_args(&request(
        SNAPSHOT_SUMMARY,
        json!({"snapshot": 3, "baseline": 1}),
    ))
    .expect("args");
    assert_eq!(args.baseline, Some(1));
    let body = SnapshotSummaryResponseBody {
        snapshot: 3,
        baseline: Some(1),
        classes: vec![ClassSummary {
            class: "Entity".into(),
            count: 10,
            size: 800,
            retained_size: 1200,
            count_delta: Some(4),
            size_delta: Some(320),
            new_count: Some(5),
            new_size: Some(400),
            freed_count: Some(1),
            freed_size: Some(80),
        }],
    };
    let value = response(SNAPSHOT_SUMMARY, &body);
    assert_eq!(
        value["body"],
        json!({"snapshot": 3, "baseline": 1, "classes": [{"class": "Entity", "count": 10,
               "size": 800, "retained_size": 1200, "count_delta": 4, "size_delta": 320,
               "new_count": 5, "new_size": 400, "freed_count": 1, "freed_size": 80}]})
    );
    valid(&value);
    // Without a baseline: `baseline` is null and the rows compare nothing.
    let alone = SnapshotSummaryResponseBody {
        baseline: None,
        classes: vec![ClassSummary {
            class: "table".into(),
            count: 1,
            size: 56,
            retained_size: 56,
            ..Default::default()
        }],
        ..body
    };
    let value = response(SNAPSHOT_SUMMARY, &alone);
    assert_eq!(
        value["body"],
        json!({"snapshot": 3, "baseline": null, "classes": [{"class": "table", "count": 1,
               "size": 56, "retained_size": 56}]})
    );
    valid(&value);
}

#[test]
fn export_format_heapsnapshot() {
    let args: ExportSnapshotArguments = parse_args(&request(
        EXPORT_SNAPSHOT,
        json!({"id": 1, "path": "a.heapsnapshot", "format": "heapsnapshot"}),
    ))
    .expect("args");
    assert_eq!(args.format, ExportFormat::Heapsnapshot);
}
