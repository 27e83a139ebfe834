//! A full userdata with a metatable. Pure Lua can only create full userdata
//! through the io library (file handles, no user values), so user values are
//! not covered here: that needs a C module.

use super::support;

use support::*;

#[test]
fn file_handle_is_reported_with_its_size_and_its_metatable_edge() {
    file_handle_is_reported_with_its_size_and_its_metatable_edge_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn file_handle_is_reported_with_its_size_and_its_metatable_edge_on(host: Host) {
    let out = TempDir::new("userdata");
    run_api(host, "userdata_metatable.lua", &out);
    let full = out.listing("full.json");
    let addresses = out.read("addresses.txt");
    let (_, metatable) = addresses.trim_end().split_once(' ').unwrap();

    let journal: Vec<&Item> = full
        .objects
        .iter()
        .filter(|o| o.paths[0] == format!("{G}->(U)journal"))
        .collect();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].kind, "userdata");
    // A luaL_Stream (FILE* + close function) and no user value.
    assert_eq!(journal[0].size, userdata_size(16, 0));
    assert_eq!(journal[0].paths.len(), 1);

    // The shared FILE* metatable, first found in the registry, is also held
    // through the handle's `[metatable]` edge.
    let mt = full
        .by_address(&address(metatable))
        .expect("FILE* metatable");
    assert_eq!(mt.kind, "table");
    assert_eq!(mt.paths[0], "Root->(T)[registry]->(T)[\"FILE*\"]");
    assert!(
        mt.paths
            .contains(&format!("{G}->(U)journal->(T)[metatable]")),
        "{:?}",
        mt.paths
    );
}
