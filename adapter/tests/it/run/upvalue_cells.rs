//! Upvalue cells are counted: 1,000 closures that each capture their own
//! local report their closures and their cells, and the reported bytes are
//! exactly what `collectgarbage("count")` grew by.

use super::support;

use support::*;

#[test]
fn closures_and_their_upvalue_cells_add_up_to_the_heap_growth() {
    let (r, script_output) = leaks("upvalue_cells.lua", &[]);
    let growth: usize = script_output
        .strip_prefix("heap growth: ")
        .and_then(|s| s.trim_end().parse().ok())
        .unwrap_or_else(|| panic!("no heap growth printed: {script_output:?}"));

    let of = |kind: &'static str| r.objects.iter().filter(move |o| o.kind == kind);
    assert_eq!(of("function").count(), 1000);
    assert!(of("function").all(|o| o.size == lua_function_size(1)));
    assert_eq!(of("upvalue").count(), 1000);
    assert!(of("upvalue").all(|o| o.size == upvalue_cell()));
    // The closures table, and `keeper`, made before `start`.
    let keeper = table_size(array_slots(1), 0);
    assert_eq!(r.count, 2002);
    let reported: usize = r.objects.iter().map(|o| o.size).sum();
    assert_eq!(reported, r.total_size);
    // On LuaJIT the count also moves with the main thread's stack, which
    // the VM reallocates as it needs (under `run` it is counted, and not a
    // new object): within a kilobyte there, to the byte on Lua 5.4.
    let slack = per_runtime(0, 1024);
    assert!(
        r.total_size.abs_diff(growth + keeper) <= slack,
        "reported {}, the heap grew by {growth} (+ keeper {keeper})",
        r.total_size
    );

    // Paths in the users' notation: a cell is `(V)` named by its upvalue;
    // the closures are reached as before.
    let holder = format!("{G}->(T)keeper->(T)[1]");
    let mut cells: Vec<&str> = of("upvalue").map(|o| o.paths[0].as_str()).collect();
    cells.sort();
    let mut expected: Vec<String> = (1..=1000)
        .map(|i| format!("{holder}->(L@upvalue_cells.lua:23)[{i}]->(V)v"))
        .collect();
    expected.sort();
    assert_eq!(cells, expected);
    assert!(of("function").all(|o| o.paths.len() == 1 && o.paths[0].starts_with(&holder)));
}
