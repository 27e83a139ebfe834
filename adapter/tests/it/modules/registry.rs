//! In a host, the registry's integer references and light-userdata keys are
//! the host's (C code keeps Lua values there with `luaL_ref`): the walk
//! follows them, and only the entries the module made are the tool's.

use super::built::root;
use crate::run::support::*;

#[test]
fn objects_the_host_holds_by_reference_are_walked() {
    let dir = root().join("adapter/tests/it/modules/lua");
    for host in [Host::Interpreter, Host::Game(GameLua::Debian)] {
        let r = run_script_in(host, &dir, "host_ref.lua", &[]);
        r.assert_clean();
        let incr: Listing = serde_json::from_str(r.stdout.trim_end()).expect("a listing");
        assert_objects(
            listing_objects(&incr.objects()),
            vec![expect(
                "table",
                table_size(array_slots(1), 0),
                &["Root->(T)[registry]->(T)[1000]"],
            )],
        );
    }
}
