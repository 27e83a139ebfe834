//! Cycles: a rooted 3-cycle is reported once per object, with the path
//! around the cycle as a second path of its head; an unrooted 3-cycle still
//! in memory is not reported at all.

use super::support;

use support::*;

#[test]
fn rooted_cycle_once_per_object_unrooted_cycle_not_at_all() {
    rooted_cycle_once_per_object_unrooted_cycle_not_at_all_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn rooted_cycle_once_per_object_unrooted_cycle_not_at_all_on(host: Host) {
    let out = TempDir::new("cycles");
    run_api(host, "cycles.lua", &out);
    let incr = out.listing("incr.json");

    let a = format!("{G}->(T)rooted");
    let node = table_size(0, constructor_nodes(1)); // { next = ... }
    let alive = format!("{G}->(T)alive");
    assert_objects(
        listing_objects(&incr.objects()),
        vec![
            expect(
                "table",
                node,
                &[&a, &format!("{a}->(T)next->(T)next->(T)next")],
            ),
            expect("table", node, &[&format!("{a}->(T)next")]),
            expect("table", node, &[&format!("{a}->(T)next->(T)next")]),
            // The weak-keyed table that proves the other cycle is alive.
            expect("table", table_size(0, constructor_nodes(1)), &[&alive]),
            expect(
                "table",
                table_size(0, constructor_nodes(1)),
                &[&format!("{alive}->(T)[metatable]")],
            ),
        ],
    );
    let addresses: Vec<&str> = incr.objects().iter().map(|o| o.address.as_str()).collect();
    let mut unique = addresses.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), addresses.len(), "an object listed twice");

    let unrooted = out.read("unrooted.txt");
    let unrooted: Vec<&str> = unrooted.split_whitespace().collect();
    assert_eq!(unrooted.len(), 3);
    for addr in unrooted {
        assert!(
            incr.by_address(&address(addr)).is_none(),
            "unrooted {addr} reported"
        );
    }
}
