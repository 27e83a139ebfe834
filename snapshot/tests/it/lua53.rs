//! Lua 5.3: sizes of every kind of object, the single user value of
//! userdata, integer and float keys.

use crate::found::*;
use mlua::Lua;

#[test]
fn every_kind_of_object_with_its_size_and_edges() {
    // SAFETY: the debug library is used by the script only.
    let lua = unsafe { Lua::unsafe_new() };
    lua.load(
        r#"
        local long = string.rep("long string ", 10)
        keep = { "short", long, 1.5, [0.5] = { "float key" }, [7] = { "integer key" } }
        ud = io.tmpfile()
        debug.setuservalue(ud, { uv = {} })
        local up1, up2 = { "up1" }, { "up2" }
        fn = function() return up1, up2 end
        cfn = coroutine.wrap(function() end)
        "#,
    )
    .exec()
    .expect("script");
    let snap = whole_vm(&lua);
    let keep = objects(&snap, "_G->(T)keep");
    // A short and a long string: 24-byte header, bytes and a zero.
    assert!(
        has(&keep, "string", 24 + 5 + 1, "keep->(A)[1]"),
        "{keep:#?}"
    );
    assert!(
        has(&keep, "string", 24 + 120 + 1, "keep->(A)[2]"),
        "{keep:#?}"
    );
    // An integer and a float key, each holding a table; the table itself:
    // three array slots and two 32-byte nodes.
    assert!(
        has(&keep, "table", 56 + 3 * 16 + 2 * 32, "_G->(T)keep"),
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
    let uv = objects(&snap, ")ud->(T)[uservalue:1]");
    assert!(
        uv.iter().any(|o| o.2.ends_with("[uservalue:1]->(T)uv")),
        "{uv:#?}"
    );
    let ud = objects(&snap, "_G->(U)ud");
    // The header, then a `luaL_Stream` (a FILE pointer and a function).
    assert!(has(&ud, "userdata", 40 + 16, "_G->(U)ud"), "{ud:#?}");
    // A Lua function of two upvalues: 32 + 8 each, two 32-byte cells.
    let f = objects(&snap, "_G->(L@");
    assert!(has(&f, "function", 32 + 16, ")fn"), "{f:#?}");
    assert!(f.iter().any(|o| o.2.ends_with(")fn->(T)up1")), "{f:#?}");
    let cells = cell_sizes(&snap, ")fn->");
    assert_eq!(cells, vec![32, 32]);
    // `coroutine.wrap` makes a C function with one upvalue (its thread).
    let c = objects(&snap, "_G->(C)cfn");
    assert!(has(&c, "cfunction", 32 + 16, "_G->(C)cfn"), "{c:#?}");
    // A thread that never ran: the extra space, `lua_State` and a stack of
    // 40 slots (`BASIC_STACK_SIZE`), no call records yet.
    assert!(
        has(&c, "thread", 8 + 208 + 40 * 16, "cfn->(S)[upvalue]"),
        "{c:#?}"
    );
}
