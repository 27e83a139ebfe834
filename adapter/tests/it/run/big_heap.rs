//! A 1,000,000-node linked list and a 1,000,000-entry table: the snapshot
//! completes and counts every object (`--top` only shortens the listing).

use super::support;

use support::*;

#[test]
fn million_node_list_and_million_entry_table() {
    let (r, script_output) = leaks("big_heap.lua", &["--top", "3"]);
    assert_eq!(script_output, "");

    const N: usize = 1_000_000;
    // { next = ... }
    let node = table_size(0, constructor_nodes(1));
    // 1,000,000 integer keys filled in order: an array part of 2^20 slots
    // (LuaJIT: and slot 0).
    let numbers = table_size(per_runtime(1 << 20, (1 << 20) + 1), 0);
    assert_eq!(r.count, N + 1);
    assert_eq!(r.total_size, N * node + numbers);

    let list = format!("{G}->(T)list");
    let shown: Vec<Expect> = r
        .objects
        .iter()
        .map(|o| {
            expect(
                &o.kind,
                o.size,
                &o.paths.iter().map(String::as_str).collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        vec![
            expect("table", numbers, &[&format!("{G}->(T)numbers")]),
            expect("table", node, &[&list]),
            expect("table", node, &[&format!("{list}->(T)next")]),
        ]
    );
    assert_globals_grew(&r, 2);
}
