//! A global list that keeps growing, seen through the `snapshot` module:
//! `incr` lists the new records, reached through `_G`, and the list's growth.

use super::support;

use support::*;

#[test]
fn incr_shows_new_records_and_the_growth_of_the_list() {
    incr_shows_new_records_and_the_growth_of_the_list_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn incr_shows_new_records_and_the_growth_of_the_list_on(host: Host) {
    let out = TempDir::new("accumulator");
    let r = run_api(host, "accumulator.lua", &out);
    let incr = out.listing("incr.json");

    assert_eq!(incr.kind, "incr");
    let list = format!("{G}->(T)history");
    // Each record `{ id = id }` has one hash node.
    let record = table_size(0, constructor_nodes(1));
    assert_objects(
        listing_objects(&incr.objects()),
        (2..=6)
            .map(|i| expect("table", record, &[&format!("{list}->(T)[{i}]")]))
            .collect(),
    );
    assert_eq!(incr.count, 6, "5 records and 1 growth entry");
    assert_eq!(incr.total_size, 5 * record, "growth entries add no size");

    let growths = incr.growths();
    assert_eq!(growths.len(), 1);
    let history = growths[0];
    assert_eq!(history.growth, Some(5));
    assert_eq!(history.paths, [list.as_str()]);
    // 6 items in the array part, which doubled from 1 to 8 slots (LuaJIT:
    // 0..8, and the 3 the constructor `{ {...} }` put in the table's block).
    assert_eq!(history.size, grown_table(per_runtime(8, 9), 3));

    // The printed listing says the same, with the growth as `(+5)`.
    let printed = mask_addresses(&r.stdout);
    let mut expected = format!("-- incr: 6 objects, {} bytes --\n", 5 * record);
    for i in 2..=6 {
        expected += &format!("0x…\t(T)\trefs:1\tsize:{record}\t{list}->(T)[{i}]\n");
    }
    expected += &format!("0x…\t(T)\trefs:1\t(+5)\t{list}\n");
    assert_eq!(printed, expected);
}
