//! LuaJIT only: FFI data (`ffi.new`) are objects of kind `cdata`, tagged
//! `(D)` in paths, with the size LuaJIT allocated for them; the script runs
//! with the JIT on (the fixture fails otherwise).

use super::support;

use support::*;

#[test]
fn ffi_structs_and_arrays_are_reported_as_cdata() {
    if crate::runtime::skip_on_lua54("LuaJIT's FFI") {
        return;
    }
    let (r, script_output) = leaks("cdata.lua", &[]);
    assert_eq!(script_output, "");
    let points = format!("{G}->(T)points");
    // A struct: the 16-byte `GCcdata` header and its 16 bytes. The array:
    // `GCcdataVar` (8) before that header, and its 100 bytes.
    let mut expected: Vec<Expect> = (1..=3)
        .map(|i| expect("cdata", 16 + 16, &[&format!("{points}->(D)[{i}]")]))
        .collect();
    expected.push(expect("cdata", 8 + 16 + 100, &[&format!("{G}->(D)buffer")]));
    // The table: three items set one by one, slots 0..4 (as `k` of the
    // lsnapshot seed's example).
    expected.push(expect("table", table_size(5, 0), &[&points]));
    assert_objects(report_objects(&r), expected);
    assert_globals_grew(&r, 2);

    // The text report tags them `(D)`.
    let text = run(&["run", "--leaks", "cdata.lua"]);
    text.assert_clean();
    assert!(text.stdout.contains("type:(D) addr:0x"), "{}", text.stdout);
    assert!(text
        .stdout
        .contains("\tRoot->(T)[registry]->(T)_G->(D)buffer\n"));
}
