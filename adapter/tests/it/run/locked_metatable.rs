//! A table reachable only as the `__index` of a locked metatable whose
//! metamethods all raise: the walk reads everything raw, so it is reported
//! through `[metatable]` and nothing is called.

use super::support;

use support::*;

#[test]
fn table_behind_a_hostile_metatable_is_reported_without_calling_anything() {
    let (r, script_output) = leaks("locked_metatable.lua", &[]);
    // A metamethod called by the tool would have raised and failed the run.
    assert_eq!(script_output, "");

    let config = format!("{G}->(T)config");
    let mt = format!("{config}->(T)[metatable]");
    let defaults = format!("{mt}->(T)__index");
    // raiser's closures capture `name` and `error`'s `_ENV`.
    let raiser = lua_function_size(1 + env_upvalue());
    let mut expected = vec![
        expect("table", table_size(0, 0), &[&config]),
        // __index, __metatable, __pairs, __eq, __len, __tostring: 8 nodes.
        expect("table", table_size(0, constructor_nodes(8)), &[&mt]),
        expect("table", table_size(0, constructor_nodes(1)), &[&defaults]),
        expect(
            "table",
            table_size(0, constructor_nodes(1)),
            &[&format!("{defaults}->(T)[metatable]")],
        ),
        expect(
            "function",
            raiser,
            &[&format!(
                "{defaults}->(T)[metatable]->(L@locked_metatable.lua:7)__index"
            )],
        ),
        // Each call of raiser made a cell for its `name`; `_ENV`'s cell is
        // the main chunk's, older than the script's first object.
        expect(
            "upvalue",
            upvalue_cell(),
            &[&format!(
                "{defaults}->(T)[metatable]->(L@locked_metatable.lua:7)__index->(V)name"
            )],
        ),
    ];
    for name in ["__pairs", "__eq", "__len", "__tostring"] {
        let closure = format!("{mt}->(L@locked_metatable.lua:7){name}");
        expected.push(expect("function", raiser, &[&closure]));
        expected.push(expect(
            "upvalue",
            upvalue_cell(),
            &[&format!("{closure}->(V)name")],
        ));
    }
    assert_objects(report_objects(&r), expected);
    assert_eq!(r.count, 14);
    assert_globals_grew(&r, 1);
}
