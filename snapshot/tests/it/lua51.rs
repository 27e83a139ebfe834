//! Lua 5.1: environments of functions, threads and userdata, the main
//! thread and the globals as roots, sizes of every kind of object.

use crate::found::*;
use mlua::Lua;

#[test]
fn environments_the_main_thread_and_the_globals() {
    // SAFETY: the debug library is used by the script only.
    let lua = unsafe { Lua::unsafe_new() };
    lua.load(
        r#"
        local up = { "upvalue" }
        fn = function() return up end
        setfenv(fn, { marker = {} })
        ud = newproxy(true)
        debug.setfenv(ud, { udenv = {} })
        co = coroutine.create(function() end)
        debug.setfenv(co, { thenv = {} })
        "#,
    )
    .exec()
    .expect("script");
    let snap = whole_vm(&lua);
    let g = "Root->(T)[registry]->(T)_G";
    let globals = objects(&snap, g);
    assert!(globals.iter().any(|o| o.2 == g), "{globals:#?}");
    let main = objects(&snap, "[main thread]");
    assert!(
        main.iter()
            .any(|o| o.0 == "thread" && o.2 == crate::runtime::MAIN_THREAD),
        "{main:#?}"
    );
    for (owner, field) in [("(L@", ")fn"), ("(U)", "ud"), ("(S)", "co")] {
        let at = format!("{g}->{owner}");
        let env = objects(&snap, &format!("{field}->(T)[environment]"));
        assert!(
            env.iter()
                .any(|o| o.2.starts_with(&at) && o.2.ends_with("[environment]")),
            "{field}: {env:#?}"
        );
    }
    let marker = objects(&snap, ")fn->(T)[environment]->(T)marker");
    assert_eq!(marker.len(), 1, "{marker:#?}");
    let udenv = objects(&snap, "(U)ud->(T)[environment]->(T)udenv");
    assert_eq!(udenv.len(), 1, "{udenv:#?}");
    let thenv = objects(&snap, ")co->(T)[environment]->(T)thenv");
    assert_eq!(thenv.len(), 1, "{thenv:#?}");
}

#[test]
fn every_kind_of_object_with_its_size() {
    let lua = unsafe { Lua::unsafe_new() };
    lua.load(
        r#"
        keep = { "short", 1.5, [0.5] = { "float key" }, [7] = { "integer key" } }
        ud = newproxy(false)
        local up1, up2 = { "up1" }, { "up2" }
        fn = function() return up1, up2 end
        cfn = coroutine.wrap(function() end)
        "#,
    )
    .exec()
    .expect("script");
    let snap = whole_vm(&lua);
    let keep = objects(&snap, "_G->(T)keep");
    // Two array slots and two 40-byte nodes; a 24-byte string header.
    assert!(
        has(&keep, "table", 64 + 2 * 16 + 2 * 40, "_G->(T)keep"),
        "{keep:#?}"
    );
    assert!(
        has(&keep, "string", 24 + 5 + 1, "keep->(A)[1]"),
        "{keep:#?}"
    );
    assert!(
        keep.iter().any(|o| o.2.ends_with("keep->(T)[7]")),
        "{keep:#?}"
    );
    assert!(
        keep.iter().any(|o| o.2.ends_with("keep->(T)[0.5]")),
        "{keep:#?}"
    );
    let ud = objects(&snap, "_G->(U)ud");
    assert!(has(&ud, "userdata", 40, "_G->(U)ud"), "{ud:#?}");
    // A Lua function of two upvalues: 40 + 8 each, two 40-byte cells.
    let f = objects(&snap, "_G->(L@");
    assert!(has(&f, "function", 40 + 16, ")fn"), "{f:#?}");
    assert!(f.iter().any(|o| o.2.ends_with(")fn->(T)up1")), "{f:#?}");
    let cells = cell_sizes(&snap, ")fn->");
    assert_eq!(cells, vec![40, 40]);
    // `coroutine.wrap` makes a C function with one upvalue, a thread that
    // never ran: `lua_State`, 45 stack slots, 8 call records.
    let c = objects(&snap, "_G->(C)cfn");
    assert!(has(&c, "cfunction", 40 + 16, "_G->(C)cfn"), "{c:#?}");
    assert!(
        has(&c, "thread", 184 + 45 * 16 + 8 * 40, "cfn->(S)[upvalue]"),
        "{c:#?}"
    );
}
