//! Bad input: each case ends with a clear message on stderr and a non-zero
//! exit status, never a panic.

use super::support;

use support::*;

#[test]
fn missing_script() {
    let r = run(&["run", "no_such_script.lua"]);
    r.assert_failure(
        1,
        &["cannot open script 'no_such_script.lua'", "No such file"],
    );
    assert_eq!(r.stdout, "");

    let r = run(&["run", "--leaks"]);
    r.assert_failure(2, &["<SCRIPT>"]);

    let r = run(&["run", "."]);
    r.assert_failure(1, &["'.' is not a file"]);
}

#[test]
fn syntax_error_names_file_and_line() {
    let r = run(&["run", "--leaks", "syntax_error.lua"]);
    r.assert_failure(
        1,
        &[
            "syntax error",
            &format!(
                "{}:4: unexpected symbol near '='",
                short_src("syntax_error.lua")
            ),
        ],
    );
    assert_eq!(r.stdout, "");
}

#[test]
fn runtime_error_prints_message_and_traceback() {
    let r = run(&["run", "runtime_error.lua"]);
    let file = short_src("runtime_error.lua");
    r.assert_failure(
        1,
        &[
            &format!("{file}:4: cannot parse '{{{{'"),
            "stack traceback:",
            &format!("{file}:4: in upvalue 'parse'"),
            &format!("{file}:8: in local 'load_config'"),
            &format!("{file}:12: in main chunk"),
        ],
    );
    assert_eq!(r.stdout, "");
}

#[test]
fn os_exit_sets_the_exit_code_and_the_report_is_still_written() {
    let r = run(&["run", "--leaks", "--json", "exit_code.lua"]);
    assert_eq!(r.code, Some(3), "stderr:\n{}", r.stderr);
    // Nothing after os.exit ran.
    assert_eq!(r.stderr, "");
    let report: LeakReport = serde_json::from_str(&r.stdout).unwrap();
    assert_objects(
        report_objects(&report),
        vec![expect(
            "table",
            table_size(array_slots(1), 0),
            &[&format!("{G}->(T)kept")],
        )],
    );
}

#[test]
fn snapshot_of_a_non_table() {
    snapshot_of_a_non_table_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn snapshot_of_a_non_table_on(host: Host) {
    let r = run_script(host, "bad_snapshot_argument.lua", &[]);
    r.assert_failure(
        1,
        &[
            "bad arguments to 'snapshot' (expected no arguments or (table, name), got (number, string))",
            &format!("{}:4:", short_src("bad_snapshot_argument.lua")),
        ],
    );
}

#[test]
fn to_file_into_a_missing_directory() {
    to_file_into_a_missing_directory_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn to_file_into_a_missing_directory_on(host: Host) {
    let out = TempDir::new("unwritable");
    let r = run_script(host, "unwritable_file.lua", &[out.path()]);
    r.assert_failure(
        1,
        &[
            &format!(
                "to_file: cannot write '{}/no-such-dir/listing.txt'",
                out.path()
            ),
            "No such file or directory",
        ],
    );
}

#[test]
fn snapshot_used_after_free() {
    snapshot_used_after_free_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn snapshot_used_after_free_on(host: Host) {
    let r = run_script(host, "use_after_free.lua", &[]);
    r.assert_failure(
        1,
        &[
            "bad argument to 'incr' (snapshot was freed)",
            &format!("{}:5:", short_src("use_after_free.lua")),
        ],
    );
}

#[test]
fn incr_with_a_table_instead_of_a_snapshot() {
    incr_with_a_table_instead_of_a_snapshot_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn incr_with_a_table_instead_of_a_snapshot_on(host: Host) {
    let r = run_script(host, "incr_non_snapshot.lua", &[]);
    r.assert_failure(
        1,
        &[
            "bad argument to 'incr' (snapshot expected, got table)",
            &format!("{}:3:", short_src("incr_non_snapshot.lua")),
        ],
    );
}

#[test]
fn memory_limit_turns_exhaustion_into_a_lua_error() {
    let r = run(&[
        "run",
        "--leaks",
        "--json",
        "--top",
        "1",
        "--memory-limit",
        "16",
        "memory_hog.lua",
    ]);
    assert_eq!(r.code, Some(1), "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("not enough memory"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    // The report is still written: the hog's table is the largest object,
    // and everything it holds fits under the limit.
    let report: LeakReport = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report.objects[0].paths[0], format!("{G}->(T)hog"));
    assert!(report.total_size < 16 << 20, "{}", report.total_size);
    assert!(report.count > 10_000, "{}", report.count);
}
