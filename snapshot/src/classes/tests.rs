//! Classes by metatable name and `__name`, functions by definition line,
//! and the per-class summary and comparison.

use mlua::Lua;

use crate::model::{ObjId, Snapshot};
use crate::walk::{take_from_rust, Exclusions, WalkOptions};

const HEAP: &str = r#"
Entity = {} Entity.__index = Entity
entities = {}
for i = 1, 3 do entities[i] = setmetatable({child = setmetatable({}, Entity)}, Entity) end
named = setmetatable({}, {__name = "Named"})
plain = {}
function make() return function() end end
f = make()
"#;

fn take(lua: &Lua) -> Snapshot {
    lua.gc_collect().unwrap();
    let exclude = Exclusions::default();
    take_from_rust(lua, &WalkOptions::whole_vm(&exclude)).unwrap()
}

fn id(lua: &Lua, snap: &Snapshot, expr: &str) -> ObjId {
    let v: mlua::Value = lua.load(format!("return {expr}")).eval().unwrap();
    snap.find(v.to_pointer() as usize).unwrap()
}

#[test]
fn objects_are_classed_by_metatable_name_and_definition() {
    let lua = Lua::new();
    lua.load(HEAP).set_name("=heap").exec().unwrap();
    let snap = take(&lua);
    let c = snap.classes();
    assert_eq!(c.name_of(id(&lua, &snap, "entities[1]")), "Entity");
    assert_eq!(c.name_of(id(&lua, &snap, "named")), "Named");
    assert_eq!(c.name_of(id(&lua, &snap, "plain")), "table");
    assert_eq!(c.name_of(id(&lua, &snap, "f")), "function@heap:7");
}

#[test]
fn summary_counts_and_does_not_count_nested_retained_sizes_twice() {
    let lua = Lua::new();
    lua.load(HEAP).set_name("=heap").exec().unwrap();
    let before = take(&lua);
    lua.load("for i = 4, 5 do entities[i] = setmetatable({}, Entity) end entities[1] = nil")
        .exec()
        .unwrap();
    let after = take(&lua);
    let rows = super::class_rows(&before, None);
    let entity = rows.iter().find(|r| r.class == "Entity").unwrap();
    assert_eq!(entity.count, 6);
    // Each outer entity retains its child, another Entity: counted once.
    let one = before
        .dominators()
        .retained_size(id(&lua, &before, "entities[2]"));
    assert_eq!(entity.retained_size, 3 * one);
    assert_eq!(entity.count_delta, None);

    let diff = crate::diff::diff(&before, &after, &crate::ptrmap::PtrMap::with_capacity(1));
    let rows = super::class_rows(&after, Some((&before, &diff)));
    let entity = rows.iter().find(|r| r.class == "Entity").unwrap();
    assert_eq!(entity.count, 6);
    assert_eq!(entity.count_delta, Some(0));
    assert_eq!((entity.new_count, entity.freed_count), (Some(2), Some(2)));
}
