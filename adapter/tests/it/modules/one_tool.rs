//! `lsnapshot.so` and `snapshot.so` are two files, so a script requiring
//! both loads two libraries; the state still gets one tool (one allocator
//! wrapper): the second `luaopen_` returns the table the first stashed.

use super::built::root;
use crate::run::support::*;

fn one_tool(host: Host, order: &str) {
    let dir = root().join("adapter/tests/it/modules/lua");
    let r = run_script_in(host, &dir, "both_names.lua", &[order]);
    r.assert_clean();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "same\ttrue\ttrue", "{order}: {}", r.stdout);
    assert_eq!(lines[1], "libraries\t2", "{order}: {}", r.stdout);
    // `kept`, seen by the one tool's snapshots: the other library's
    // module table and functions are the tool's too, not new objects.
    let added: Listing = serde_json::from_str(lines[2]).expect("a listing");
    let paths: Vec<&str> = added
        .objects()
        .iter()
        .map(|o| o.paths[0].as_str())
        .collect();
    assert_eq!(paths, [format!("{G}->(T)kept")], "{order}");
}

#[test]
fn one_tool_per_state_whichever_name_comes_first() {
    for host in [Host::Interpreter, Host::Game(GameLua::Debian)] {
        one_tool(host, "lsnapshot-first");
        one_tool(host, "snapshot-first");
    }
}
