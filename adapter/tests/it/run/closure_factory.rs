//! A closure made by a factory and stored in `_G.handlers.onTick`: the report
//! names the closure by its definition, says where it is defined, and shows
//! its upvalue table through the upvalue's name.

use super::support;

use support::*;

#[test]
fn closure_and_its_upvalue_table_are_reported_with_their_definition() {
    let (r, script_output) = leaks("closure_factory.lua", &[]);
    assert_eq!(script_output, "");

    let on_tick = format!("{G}->(T)handlers->(L@closure_factory.lua:8)onTick");
    assert_objects(
        report_objects(&r),
        vec![
            // handlers = { onTick = ... }: one hash node.
            expect(
                "table",
                table_size(0, constructor_nodes(1)),
                &[&format!("{G}->(T)handlers")],
            ),
            // One upvalue: `state`.
            expect("function", lua_function_size(1), &[&on_tick]),
            // { interval = ..., count = ... }: two hash nodes.
            expect(
                "table",
                table_size(0, constructor_nodes(2)),
                &[&format!("{on_tick}->(T)state")],
            ),
            // The cell the upvalue `state` lives in.
            expect(
                "upvalue",
                upvalue_cell(),
                &[&format!("{on_tick}->(V)state")],
            ),
        ],
    );
    assert_eq!(r.count, 4);
    assert_eq!(
        r.total_size,
        table_size(0, constructor_nodes(1))
            + lua_function_size(1)
            + table_size(0, constructor_nodes(2))
            + upvalue_cell()
    );

    let closure = r.objects.iter().find(|o| o.kind == "function").unwrap();
    assert_eq!(closure.source.as_deref(), Some("closure_factory.lua:8"));
    assert_eq!(
        closure.location,
        Some(Location {
            path: fixture("closure_factory.lua"),
            line: 8
        })
    );
    for table in r.objects.iter().filter(|o| o.kind == "table") {
        assert_eq!((&table.source, &table.location), (&None, &None));
    }
    assert_globals_grew(&r, 1);
}
