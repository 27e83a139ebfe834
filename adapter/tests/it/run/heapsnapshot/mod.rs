//! `run --heapsnapshot FILE`: the file is read back by an independent
//! parser of Chrome's format (npm `v8-heapsnapshot`, installed by this test
//! into the target folder with `npm install`, not globally), and its counts,
//! sizes and one retainer chain are those of the snapshot.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use super::support::*;

/// The parser's version: pinned, so a new release cannot change the test.
const PARSER: &str = "v8-heapsnapshot@1.3.1";

/// A folder with the parser installed (once per target folder).
fn parser_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("heapsnapshot-parser");
    if !dir.join("node_modules/v8-heapsnapshot").exists() {
        std::fs::create_dir_all(&dir).expect("parser folder");
        let out = Command::new("npm")
            .args(["install", "--no-save", "--no-audit", "--no-fund", PARSER])
            .current_dir(&dir)
            .output()
            .expect("npm must be installed (the extension's tests need it too)");
        assert!(
            out.status.success(),
            "npm install {PARSER} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    dir
}

#[test]
fn a_heapsnapshot_reads_back_with_an_independent_parser() {
    let out = TempDir::new("heapsnapshot");
    let file = format!("{}/entities.heapsnapshot", out.path());
    let r = run(&["run", "--heapsnapshot", &file, "entities.lua"]);
    assert_eq!(r.code, Some(0), "stderr:\n{}", r.stderr);
    let second = address(&r.stderr);

    let dir = parser_dir();
    let check = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/it/run/heapsnapshot/check.js"
    );
    let parsed = Command::new("node")
        .args([check, &file, &second])
        .env("NODE_PATH", dir.join("node_modules"))
        .output()
        .expect("node");
    assert!(
        parsed.status.success(),
        "the parser rejected the file:\n{}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    let got: Value = serde_json::from_slice(&parsed.stdout).expect("parser output");

    // The same heap, as `run --leaks --json` reports it: every object the
    // script made, Entity tables among them.
    let (report, _) = leaks("entities.lua", &[]);
    let entity = table_size(array_slots(1), constructor_nodes(1));
    assert_eq!(got["entities"], 1000);
    assert_eq!(got["entitySize"], 1000 * entity);
    let entities: Vec<_> = report.objects.iter().filter(|o| o.size == entity).collect();
    assert_eq!(entities.len(), 1000);
    assert!(got["nodes"].as_u64().unwrap() > report.count as u64);
    assert!(got["edges"].as_u64().unwrap() >= got["nodes"].as_u64().unwrap() - 1);
    assert_eq!(got["root"], "synthetic:Root");
    // Node 2 of the list, retained by node 1 (`next`), retained by the
    // global `list`, up to the root.
    assert_eq!(
        got["chain"],
        serde_json::json!([
            "property:next",
            "property:list",
            "property:_G",
            "property:[registry]"
        ])
    );
    assert_eq!(got["end"], "Root");
}
