//! An object freed after one snapshot and a new object allocated at its
//! address before the next are two objects: `incr` lists the new one and
//! `decr` the freed one.

use super::support;

use support::*;

#[test]
fn new_object_at_a_freed_address_is_new() {
    new_object_at_a_freed_address_is_new_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn new_object_at_a_freed_address_is_new_on(host: Host) {
    let out = TempDir::new("address-reuse");
    run_api(host, "address_reuse.lua", &out);
    let addresses = out.read("addresses.txt");
    let (a, b) = addresses.trim_end().split_once(' ').unwrap();
    let (a, b) = (address(a), address(b));
    // The point of the test: B really sits where A was.
    assert_eq!(a, b, "the fixture did not get A's address back");

    let slot = format!("{G}->(T)slot");
    let incr = out.listing("incr.json");
    let tables: Vec<&Item> = incr
        .objects()
        .into_iter()
        .filter(|o| o.kind == "table")
        .collect();
    assert_eq!(tables.len(), 1, "{tables:?}");
    assert_eq!(tables[0].address, b);
    assert_eq!(tables[0].paths, [slot.as_str()]);
    assert_eq!(tables[0].size, table_size(0, 0));
    assert!(incr.growths().is_empty());

    let decr = out.listing("decr.json");
    assert_eq!(decr.kind, "decr");
    assert_objects(
        listing_objects(&decr.objects()),
        vec![expect("table", table_size(0, 0), &[&slot])],
    );
    assert_eq!(decr.objects[0].address, a);
}
