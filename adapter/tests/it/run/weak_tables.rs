//! Weak tables are read as the collector reads them. The fixtures stop the
//! collector, so the entries that do not retain are still in memory when the
//! snapshot is taken: only the walk's handling of weakness keeps them out.

use super::support;

use support::*;

#[test]
fn weak_values_are_not_reported_but_strings_and_strong_keys_are() {
    weak_values_are_not_reported_but_strings_and_strong_keys_are_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn weak_values_are_not_reported_but_strings_and_strong_keys_are_on(host: Host) {
    let out = TempDir::new("weak-values");
    run_api(host, "weak_values.lua", &out);
    let incr = out.listing("incr.json");

    let cache = format!("{G}->(T)cache");
    let fill = main_thread_path(&host.main_thread("weak_values.lua:22"))
        + "->(L@weak_values.lua:12)fill{#weak_values.lua:0}";
    assert_objects(
        listing_objects(&incr.objects()),
        vec![
            expect("table", table_size(0, constructor_nodes(2)), &[&cache]),
            expect(
                "table",
                table_size(0, constructor_nodes(1)),
                &[&format!("{cache}->(T)[metatable]")],
            ),
            // Strings are values, never weak.
            expect("string", string_size(40), &[&format!("{cache}->(A)banner")]),
            expect(
                "table",
                table_size(0, constructor_nodes(1)),
                &[&format!("{G}->(T)owners")],
            ),
            // The key of a strong table is held by the table.
            expect(
                "table",
                table_size(array_slots(1), 0),
                &[&format!("{G}->(T)owners->(T)[key]")],
            ),
            expect("function", lua_function_size(env_upvalue()), &[&fill]),
        ],
    );

    // The weak value was still in the cache when the snapshot was taken.
    let player = out.read("weak_value.txt");
    assert!(player.starts_with("0x"), "{player}");
    assert!(incr.by_address(&address(&player)).is_none());
}

#[test]
fn ephemeron_value_is_reported_only_while_its_key_is_reachable() {
    ephemeron_value_is_reported_only_while_its_key_is_reachable_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn ephemeron_value_is_reported_only_while_its_key_is_reachable_on(host: Host) {
    let out = TempDir::new("ephemeron");
    run_api(host, "ephemeron.lua", &out);
    let incr = out.listing("incr.json");

    // Both entries were in the table when the snapshot was taken.
    let entries = out.read("entries.txt");
    let entries: Vec<Vec<&str>> = entries.lines().map(|l| l.split(' ').collect()).collect();
    assert_eq!(entries.len(), 2, "{entries:?}");
    let live = entries.iter().find(|e| e[2] == "live").unwrap();
    let lost = entries.iter().find(|e| e[2] == "lost").unwrap();

    let props = format!("{G}->(T)props");
    let fill = main_thread_path(&host.main_thread("ephemeron.lua:18"))
        + "->(L@ephemeron.lua:10)fill{#ephemeron.lua:0}";
    assert_objects(
        listing_objects(&incr.objects()),
        vec![
            expect("table", table_size(0, constructor_nodes(2)), &[&props]),
            expect(
                "table",
                table_size(0, constructor_nodes(1)),
                &[&format!("{props}->(T)[metatable]")],
            ),
            // The key is reachable as a global; weak keys give it no path.
            expect(
                "table",
                table_size(array_slots(1), 0),
                &[&format!("{G}->(T)entity")],
            ),
            // Its value, under the key's address.
            expect(
                "table",
                table_size(array_slots(1), 0),
                &[&format!("{props}->(T)[table:{}]", address(live[0]))],
            ),
            expect("function", lua_function_size(env_upvalue()), &[&fill]),
        ],
    );
    assert_eq!(
        incr.by_address(&address(live[0])).unwrap().paths,
        [format!("{G}->(T)entity")]
    );
    assert!(incr.by_address(&address(live[1])).is_some());
    // Neither the unreachable key nor its value.
    assert!(incr.by_address(&address(lost[0])).is_none());
    assert!(incr.by_address(&address(lost[1])).is_none());
}
