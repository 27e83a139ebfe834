//! Coroutines keep their stacks alive: a suspended one through its frames'
//! locals and varargs, a never-started one through the body on its stack.

use super::support;

use support::*;

#[test]
fn suspended_coroutine_holds_a_local_and_a_vararg() {
    let (r, script_output) = leaks("suspended_coroutine.lua", &[]);
    assert_eq!(script_output, "");

    // Suspended in coroutine.yield (a C frame) called from line 6.
    let worker = format!("{G}->(S@[C] suspended_coroutine.lua:6)worker");
    let frame = "{#suspended_coroutine.lua:4}";
    assert_objects(
        report_objects(&r),
        vec![
            // Two call-info records: the body and coroutine.yield.
            expect("thread", thread_size(coroutine_stack(), 2), &[&worker]),
            expect(
                "table",
                table_size(array_slots(1), 0),
                &[&format!("{worker}->(T)name{frame}")],
            ),
            expect(
                "table",
                table_size(array_slots(1), 0),
                &[&format!("{worker}->(T)(vararg:1){frame}")],
            ),
            // The body sits in its frame's function slot (a vararg call
            // moves it up past the arguments, slot 1 keeps the original;
            // LuaJIT's two-slot frames put it in slot 2). On Lua 5.4 one
            // upvalue: `_ENV`, for `coroutine.yield`.
            expect(
                "function",
                lua_function_size(env_upvalue()),
                &[&format!(
                    "{worker}->(L@suspended_coroutine.lua:4)[stack:{}]",
                    per_runtime(1, 2)
                )],
            ),
        ],
    );
    let body = r.objects.iter().find(|o| o.kind == "function").unwrap();
    assert_eq!(
        body.location,
        Some(Location {
            path: fixture("suspended_coroutine.lua"),
            line: 4
        })
    );
    assert_globals_grew(&r, 1);
}

#[test]
fn never_started_coroutine_holds_its_body_and_the_body_s_upvalue() {
    let (r, script_output) = leaks("unstarted_coroutine.lua", &[]);
    assert_eq!(script_output, "");

    // No frames yet: `(S)`.
    let pending = format!("{G}->(S)pending");
    // The body waits in slot 1 (LuaJIT: slot 2, its frame's two slots).
    let body = format!(
        "{pending}->(L@unstarted_coroutine.lua:5)[stack:{}]",
        per_runtime(1, 2)
    );
    assert_objects(
        report_objects(&r),
        vec![
            expect("thread", thread_size(coroutine_stack(), 0), &[&pending]),
            expect("function", lua_function_size(1), &[&body]),
            expect(
                "table",
                table_size(array_slots(1), 0),
                &[&format!("{body}->(T)captured")],
            ),
            expect(
                "upvalue",
                upvalue_cell(),
                &[&format!("{body}->(V)captured")],
            ),
        ],
    );
    assert_globals_grew(&r, 1);
}
