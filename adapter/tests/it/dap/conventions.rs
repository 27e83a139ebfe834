//! The client's conventions from `initialize` (`linesStartAt1`,
//! `columnsStartAt1`, `pathFormat`), honoured wherever lines, columns and
//! paths cross the protocol (server/conventions.rs).

use super::support;

use serde_json::{json, Value};
use support::Dap;

/// A script in a folder whose name needs percent-encoding; returns the
/// folder, the script's path, its `file://` URI and the breakpoint line
/// (1-based).
fn script(tag: &str) -> (std::path::PathBuf, String, String, i64) {
    let dir = std::env::temp_dir().join(format!("lua-snapshot conv #{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("prog é.lua");
    std::fs::write(
        &path,
        "local kept = {}\nlocal function add(x)\n  kept[#kept + 1] = function() return x end\n  return x\nend\nadd(1)\nadd(2)\n",
    )
    .unwrap();
    let path = path.to_string_lossy().into_owned();
    let uri = format!(
        "file://{}",
        path.replace(' ', "%20")
            .replace('#', "%23")
            .replace('é', "%C3%A9")
    );
    (dir, path, uri, 3)
}

fn initialize(dap: &mut Dap, lines_at_1: bool, uri: bool) {
    dap.ok(
        "initialize",
        json!({"clientID": "tests", "adapterID": "lua-snapshot",
               "linesStartAt1": lines_at_1, "columnsStartAt1": lines_at_1,
               "pathFormat": if uri { "uri" } else { "path" }}),
    );
}

#[test]
fn zero_based_lines_and_uri_paths_everywhere() {
    let (dir, _path, uri, line) = script("uri");
    let mut dap = Dap::start();
    initialize(&mut dap, false, true);
    // `program` and `cwd` may be URIs too.
    let cwd = format!(
        "file://{}",
        dir.to_string_lossy()
            .replace(' ', "%20")
            .replace('#', "%23")
    );
    dap.ok("launch", json!({"program": uri, "cwd": cwd}));
    dap.event("initialized");
    // Another scheme is refused, with a reason.
    let e = dap.fails(
        "setBreakpoints",
        json!({"source": {"path": "https://example.com/prog.lua"}, "breakpoints": [{"line": 2}]}),
    );
    assert!(e.contains("https"), "{e}");
    let body = dap.ok(
        "setBreakpoints",
        json!({"source": {"path": uri}, "breakpoints": [{"line": line - 1}]}),
    );
    let bp = &body["breakpoints"][0];
    assert_eq!(bp["verified"], true, "{body}");
    assert_eq!(bp["line"], line - 1);
    assert_eq!(bp["source"]["path"], uri.as_str());
    dap.ok("configurationDone", Value::Null);
    dap.stopped("breakpoint");
    let top = dap.frames()[0].clone();
    assert_eq!(top["line"], line - 1, "{top}");
    assert_eq!(top["column"], 0, "{top}");
    assert_eq!(top["source"]["path"], uri.as_str(), "{top}");
    // The snapshot requests follow the same conventions.
    let snap = dap.ok("takeSnapshot", json!({}));
    assert_eq!(snap["stoppedAt"], json!({"path": uri, "line": line - 1}));
    let list = dap.ok("listSnapshots", json!({}));
    assert_eq!(list["snapshots"][0]["stoppedAt"]["line"], line - 1);
    let out = dir.join("out put.txt");
    let out_uri = format!(
        "file://{}",
        out.to_string_lossy()
            .replace(' ', "%20")
            .replace('#', "%23")
    );
    let exported = dap.ok(
        "exportSnapshot",
        json!({"id": snap["id"], "path": out_uri, "format": "text"}),
    );
    assert!(out.is_file(), "nothing written at {}", out.display());
    assert_eq!(exported["path"], out_uri.as_str());
    // At the second stop the closure of the first call is new: its
    // `location` follows the client, the LSP diagnostic stays LSP's.
    dap.ok("continue", json!({"threadId": 1}));
    dap.stopped("breakpoint");
    let second = dap.ok("takeSnapshot", json!({}));
    let diff = dap.ok(
        "diffSnapshots",
        json!({"from": snap["id"], "to": second["id"]}),
    );
    let closure = diff["added"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["type"] == "function")
        .cloned()
        .unwrap_or_else(|| panic!("no closure added: {diff}"));
    assert_eq!(closure["location"], json!({"path": uri, "line": line - 1}));
    let published = &diff["diagnostics"][0];
    assert_eq!(published["uri"], uri.as_str());
    assert_eq!(
        published["diagnostics"][0]["range"]["start"]["line"],
        line - 1
    );
    dap.set_breakpoints(&uri, &[]);
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_based_paths_are_untouched_and_launch_still_takes_a_uri() {
    let (dir, path, uri, line) = script("path");
    let mut dap = Dap::start();
    initialize(&mut dap, true, false);
    dap.ok("launch", json!({"program": uri}));
    dap.event("initialized");
    let body = dap.set_breakpoints(&path, &[line]);
    assert_eq!(body["breakpoints"][0]["line"], line);
    assert_eq!(body["breakpoints"][0]["source"]["path"], path.as_str());
    dap.ok("configurationDone", Value::Null);
    dap.stopped("breakpoint");
    let top = dap.frames()[0].clone();
    assert_eq!(
        (top["line"].clone(), top["column"].clone()),
        (json!(line), json!(1))
    );
    assert_eq!(top["source"]["path"], path.as_str());
    let e = dap.fails("launch", json!({"program": "ftp://host/x.lua"}));
    assert!(e.contains("ftp"), "{e}");
    dap.set_breakpoints(&path, &[]);
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn zero_based_lines_with_plain_paths_stop_where_asked() {
    let (dir, path, _uri, line) = script("lines");
    let mut dap = Dap::start();
    initialize(&mut dap, false, false);
    dap.ok("launch", json!({"program": path}));
    dap.event("initialized");
    let body = dap.set_breakpoints(&path, &[line - 1]);
    assert_eq!(body["breakpoints"][0]["line"], line - 1, "{body}");
    dap.ok("configurationDone", Value::Null);
    dap.stopped("breakpoint");
    // Inside `add`, at `kept[#kept + 1] = x`, not one line early.
    assert_eq!(dap.eval("x"), "1");
    let top = dap.frames()[0].clone();
    assert_eq!(
        (top["line"].clone(), top["column"].clone()),
        (json!(line - 1), json!(0))
    );
    // Completions: the cursor's line and column, and where the proposal
    // goes, 0-based too.
    let body = dap.ok(
        "completions",
        json!({"text": "\nx + kep", "line": 1, "column": 7, "frameId": top["id"]}),
    );
    assert_eq!(body["targets"][0]["label"], "kept", "{body}");
    assert_eq!(body["targets"][0]["start"], 4, "{body}");
    dap.set_breakpoints(&path, &[]);
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
    let _ = std::fs::remove_dir_all(&dir);
}
