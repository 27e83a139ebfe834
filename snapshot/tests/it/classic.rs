//! Lua 5.3 and 5.1 alike: the load-time layout check accepts the vendored
//! Lua, sizes add up to what the heap grew by, a snapshot allocates nothing,
//! weak tables retain what the collector retains, frames name their locals
//! and varargs.

use crate::found::*;
use mlua::Lua;

#[test]
fn the_layout_check_accepts_the_vendored_lua() {
    let lua = Lua::new();
    assert_eq!(layout_check(&lua), Ok(()));
}

#[test]
fn reported_sizes_add_up_to_the_heap_growth_of_new_tables() {
    let lua = Lua::new();
    lua.load(
        r#"
        list, growth = false, false
        collectgarbage() collectgarbage("stop")
        local before = collectgarbage("count")
        list = {}
        for i = 1, 10000 do list[i] = { i, x = i } end
        growth = (collectgarbage("count") - before) * 1024
        "#,
    )
    .exec()
    .expect("tables");
    let (sum, growth) = list_sizes_and_growth(&lua);
    assert_eq!(sum, growth, "reported {sum} B, heap grew {growth} B");
}

#[test]
fn a_snapshot_allocates_nothing_in_the_vm() {
    let lua = Lua::new();
    lua.load("t = {} for i = 1, 1000 do t[i] = { tostring(i) } end")
        .exec()
        .expect("script");
    let (before, after, objects) = heap_around_a_snapshot(&lua);
    assert!(objects > 2000, "{objects}");
    assert_eq!(before, after);
}

#[test]
fn weak_tables_retain_what_the_collector_retains() {
    let lua = Lua::new();
    lua.load(
        r#"
        weakv = setmetatable({ { "weak value" } }, { __mode = "v" })
        weakk = setmetatable({}, { __mode = "k" })
        anchor = { "anchor" }
        weakk[anchor] = { "ephemeron of anchor" }
        weakk[{ "dead key" }] = { "value of a dead key" }
        "#,
    )
    .exec()
    .expect("script");
    let snap = whole_vm(&lua);
    let tables = objects(&snap, "weak");
    assert!(
        !tables.iter().any(|o| o.2.contains("weakv->(T)[1]")),
        "{tables:#?}"
    );
    // The collector of 5.1 marks the values of weak-keyed entries, and
    // clears the entries of dead keys when it has marked them: only the
    // value of a live key stays, which the walk shows (as for LuaJIT).
    let values = tables
        .iter()
        .filter(|o| o.0 == "table" && o.2.contains("weakk->(T)[table:"))
        .count();
    assert_eq!(values, 1, "{tables:#?}");
}

#[test]
fn the_metatable_of_strings_is_a_root() {
    let lua = Lua::new();
    let snap = whole_vm(&lua);
    let mt = objects(&snap, "Root->(T)[metatable:string]");
    assert!(
        mt.iter().any(|o| o.2 == "Root->(T)[metatable:string]"),
        "{mt:#?}"
    );
    assert!(
        mt.iter()
            .any(|o| o.2 == "Root->(T)[metatable:string]->(T)__index"),
        "{mt:#?}"
    );
}

#[test]
fn frames_of_suspended_and_unstarted_coroutines() {
    let lua = Lua::new();
    lua.load(
        r#"
        co = coroutine.create(function(a, ...)
          local inside = { "inside" }
          coroutine.yield()
          return inside
        end)
        coroutine.resume(co, { "arg" }, { "va1" }, { "va2" })
        fresh = coroutine.create(function(x) local never = x end)
        "#,
    )
    .exec()
    .expect("script");
    let snap = whole_vm(&lua);
    let names = thread_slot_names(&snap, "co");
    // `...` unused in the body: 5.1 packs the varargs in a local `arg`
    // table too (`LUA_COMPAT_VARARG`).
    let arg: &[&str] = if cfg!(feature = "lua51") {
        &["arg"]
    } else {
        &[]
    };
    for &name in ["a", "inside", "(vararg:1)", "(vararg:2)"]
        .iter()
        .chain(arg)
    {
        assert!(
            names.iter().any(|n| n == name),
            "{name} missing in {names:?}"
        );
    }
    // A coroutine that never ran holds its function on its stack.
    let fresh = objects(&snap, ")fresh->");
    assert!(
        fresh
            .iter()
            .any(|o| o.0 == "function" && o.2.contains("fresh->(L@")),
        "{fresh:#?}"
    );
}
