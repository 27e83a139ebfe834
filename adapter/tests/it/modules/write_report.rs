//! `lsnapshot.write_report(path [, {top = N}])`: the leak report of
//! `run --leaks --json` written from Lua, the same in `lua-snapshot run`
//! and in every host that loads the module.

use crate::run::support::*;

fn writes_the_leaks_since_start_snapshot(host: Host) {
    let out = TempDir::new("write-report");
    let r = run_script(host, "write_report.lua", &[out.path()]);
    r.assert_clean();

    // Five closures and their five `n` cells, largest first; the table
    // that holds them existed before and grew.
    let report: LeakReport = serde_json::from_str(&out.read("leaks.json")).expect("leaks.json");
    let total = 5 * (upvalue_cell() + lua_function_size(1));
    assert_eq!((report.count, report.total_size), (10, total), "{report:?}");
    let list = format!("{G}->(T)listeners");
    let mut expected = Vec::new();
    for i in 1..=5 {
        let f = format!("{list}->(L@write_report.lua:8)[{i}]");
        expected.push(expect("upvalue", upvalue_cell(), &[&format!("{f}->(V)n")]));
        expected.push(expect("function", lua_function_size(1), &[&f]));
    }
    assert_objects(report_objects(&report), expected);
    assert_largest_first(report.objects.iter().map(|o| o.size));
    let f = report
        .objects
        .iter()
        .find(|o| o.kind == "function")
        .unwrap();
    assert_eq!(f.source.as_deref(), Some("write_report.lua:8"));
    let location = f.location.as_ref().expect("a location");
    assert_eq!(
        (location.path.as_str(), location.line),
        (fixture("write_report.lua").as_str(), 8)
    );
    assert_eq!(report.grown.len(), 1, "{:?}", report.grown);
    assert_eq!(
        (
            report.grown[0].path.as_str(),
            report.grown[0].before,
            report.grown[0].after
        ),
        (list.as_str(), 0, 5)
    );

    // `top` cuts the list, not the totals; the return value is the count.
    let top1: LeakReport = serde_json::from_str(&out.read("top1.json")).expect("top1.json");
    assert_eq!(
        (top1.count, top1.total_size, top1.objects.len()),
        (10, total, 1)
    );
    let counts: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("count"))
        .collect();
    assert_eq!(counts, ["count\t10", "count\t10"]);

    let errors: Vec<&str> = r
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("error\t"))
        .collect();
    let expected = [
        "write_report: no snapshot started; call start_snapshot() first".to_string(),
        format!(
            "cannot write '{}': it is a folder; write_report writes regular files only",
            out.path()
        ),
        "bad argument #1 to 'write_report' (string expected, got number)".into(),
        "bad option 'top' to 'write_report' (non-negative integer expected, got -1)".into(),
        "bad argument #2 to 'write_report' (table expected, got number)".into(),
        format!(
            "write_report: cannot write '{}/no/such/dir/x.json': No such file or directory",
            out.path()
        ),
    ];
    assert_eq!(errors.len(), expected.len(), "{}", r.stdout);
    for (got, want) in errors.iter().zip(&expected) {
        assert!(got.contains(want.as_str()), "{got:?} lacks {want:?}");
    }
    // Nothing but the two reports was written (no temporary left behind).
    let mut files: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["leaks.json", "top1.json"]);
}

#[test]
fn in_lua_snapshot_run() {
    writes_the_leaks_since_start_snapshot(Host::Run);
}

#[test]
fn in_the_interpreter() {
    writes_the_leaks_since_start_snapshot(Host::Interpreter);
}

#[test]
fn in_the_game_host() {
    writes_the_leaks_since_start_snapshot(Host::Game(GameLua::Debian));
}
