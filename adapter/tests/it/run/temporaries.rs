//! Objects that a temporary of the running statement holds are explained by
//! their lasting owner (here a module table) even though the path through
//! the temporary's stack slot is shorter; an object only a temporary holds
//! keeps its `[stack:N]` path.

use super::support;

use support::*;

#[test]
fn lasting_owners_come_before_stack_temporaries() {
    lasting_owners_come_before_stack_temporaries_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn lasting_owners_come_before_stack_temporaries_on(host: Host) {
    let out = TempDir::new("temporaries");
    run_api(host, "temporaries.lua", &out);
    let incr = out.listing("incr.json");
    let main = main_thread_path(&host.main_thread("temporaries.lua:18"));
    // The named local `events` of the main chunk is nearer than `_LOADED`.
    let module = format!("{main}->(T)events{{#temporaries.lua:0}}->(T)listeners");

    let mut objects: Vec<Expect> = incr
        .objects()
        .iter()
        .map(|o| {
            let paths: Vec<&str> = o.paths.iter().map(String::as_str).collect();
            expect(&o.kind, o.size, &paths)
        })
        .collect();
    objects.sort();
    let mut expected = vec![
        // The listener: first through the module, then through the
        // temporary (another parent, met last). Before, the temporary came
        // first, as it is nearer to the root.
        expect(
            "function",
            lua_function_size(0),
            &[
                &format!("{module}->(L@temporaries.lua:11)[1]"),
                &format!(
                    "{main}->(L@temporaries.lua:11)[stack:{}]",
                    host.slot(per_runtime(12, 14))
                ),
            ],
        ),
        // Held by nothing but its slot: the temporary is its path.
        expect(
            "table",
            table_size(array_slots(1), 0),
            &[&format!(
                "{main}->(T)[stack:{}]",
                host.slot(per_runtime(13, 17))
            )],
        ),
        expect(
            "function",
            lua_function_size(3),
            &[&format!(
                "{main}->(L@temporaries.lua:13)keep{{#temporaries.lua:0}}"
            )],
        ),
    ];
    // `keep` made cells for the three locals it captures (still open: the
    // main chunk runs).
    for name in ["before", "out_dir", "snapshot"] {
        expected.push(expect(
            "upvalue",
            upvalue_cell(),
            &[&format!(
                "{main}->(L@temporaries.lua:13)keep{{#temporaries.lua:0}}->(V){name}"
            )],
        ));
    }
    expected.sort();
    assert_eq!(objects, expected);
    // The listeners table grew: it is named by its owner, not by its slot.
    let grown = incr.growths();
    assert_eq!(grown.len(), 1, "{grown:?}");
    assert_eq!(grown[0].growth, Some(1));
    assert_eq!(grown[0].paths[0], module);
}
