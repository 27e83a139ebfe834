//! Reported sizes add up to what the VM allocated: 10,000 tables of 10 array
//! items against the growth of `collectgarbage("count")`.

use super::support;

use support::*;

#[test]
fn reported_sizes_match_the_heap_growth() {
    let (r, script_output) = leaks("size_check.lua", &[]);
    let growth: usize = script_output
        .strip_prefix("heap growth: ")
        .and_then(|s| s.trim_end().parse().ok())
        .unwrap_or_else(|| panic!("no heap growth printed: {script_output:?}"));

    let row = table_size(array_slots(10), 0);
    let rows: Vec<&Object> = r.objects.iter().filter(|o| o.size == row).collect();
    assert_eq!(rows.len(), 10_000);
    let mut paths: Vec<&str> = rows.iter().map(|o| o.paths[0].as_str()).collect();
    paths.sort();
    let mut expected: Vec<String> = (1..=10_000)
        .map(|i| format!("{G}->(T)rows->(T)[{i}]"))
        .collect();
    expected.sort();
    assert_eq!(paths, expected);
    assert!(rows.iter().all(|o| o.paths.len() == 1));
    assert_eq!(r.count, 10_001, "the rows and the list that holds them");
    let holder = r.objects.iter().find(|o| o.size != row).unwrap();
    assert_eq!(holder.paths, [format!("{G}->(T)rows")]);
    // Grown by doubling (LuaJIT: slot 0 too).
    assert_eq!(holder.size, table_size(per_runtime(16384, 16385), 0));

    let reported: usize = r.objects.iter().map(|o| o.size).sum();
    assert_eq!(reported, r.total_size);
    let diff = reported.abs_diff(growth);
    assert!(
        diff * 10 <= growth,
        "reported {reported} bytes, the heap grew by {growth}"
    );
}
