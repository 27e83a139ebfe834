//! Userdata with a metatable and two user values, built through the C API
//! (pure Lua cannot create full userdata with user values).

use mlua::{AnyUserData, Lua};
use snapshot::report::object_report;
use snapshot::{Exclusions, WalkOptions};

fn new_userdata(lua: &Lua, user_values: i32) -> AnyUserData {
    // SAFETY: exec_raw runs the closure on a protected frame; the one value
    // it pushes is returned to Rust.
    unsafe {
        lua.exec_raw::<AnyUserData>((), |state| {
            mlua::ffi::lua_newuserdatauv(state, 16, user_values);
        })
        .expect("userdata")
    }
}

fn whole_vm(lua: &Lua) -> snapshot::Snapshot {
    let exclude = Exclusions::default();
    let opts = WalkOptions::whole_vm(&exclude);
    snapshot::take_from_rust(lua, &opts).expect("snapshot")
}

#[test]
fn user_values_and_metatable_are_edges_of_the_userdata() {
    let lua = unsafe { Lua::unsafe_new() };
    lua.globals()
        .set("newud", new_userdata(&lua, 2))
        .expect("global");
    lua.load(
        r#"
        local u = newud
        newud = nil
        debug.setmetatable(u, { __index = { kind = "entity" } })
        debug.setuservalue(u, { tag = "first" }, 1)
        debug.setuservalue(u, { tag = "second" }, 2)
        holder = u
        "#,
    )
    .exec()
    .expect("script");

    let snap = whole_vm(&lua);
    let mut found = Vec::new();
    for id in snap.reported() {
        let r = object_report(&snap, id, None);
        if r.paths[0].contains("(U)holder") && r.kind != "string" {
            found.push((r.kind, r.size, r.paths[0].clone(), r.address));
        }
    }

    found.sort_by(|a, b| a.2.cmp(&b.2));
    let base = "Root->(T)[registry]->(T)_G->(U)holder";
    let paths: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            base.to_string(),
            format!("{base}->(T)[metatable]"),
            format!("{base}->(T)[metatable]->(T)__index"),
            format!("{base}->(T)[uservalue:1]"),
            format!("{base}->(T)[uservalue:2]"),
        ]
    );
    // 40-byte header + 2 user values of 16 bytes + 16 bytes of memory.
    let ud = found.iter().find(|f| f.2 == base).expect("userdata");
    assert_eq!((ud.0, ud.1), ("userdata", 40 + 2 * 16 + 16));
    // The address is the one `tostring` shows (the memory block).
    let shown: String = lua
        .load("return (tostring(holder):match('0x%x+'))")
        .eval()
        .expect("tostring");
    assert_eq!(ud.3, shown);
}

#[test]
fn deep_paths_keep_their_start_and_end() {
    let lua = Lua::new();
    lua.load("for i = 1, 100 do chain = { next = chain } end")
        .exec()
        .expect("script");
    let snap = whole_vm(&lua);
    let last = snap
        .reported()
        .filter(|&id| snap.object(id).kind == snapshot::Kind::Table)
        .max_by_key(|&id| snap.shortest_path(id).len())
        .expect("tables");
    // 100 nodes: [registry], _G, chain, then 99 `next` steps: 102 in all.
    let head = "Root->(T)[registry]->(T)_G->(T)chain".to_string() + &"->(T)next".repeat(9);
    let tail = "->(T)next".repeat(24);
    assert_eq!(
        snap.shortest_path(last),
        format!("{head}->...(66 more steps)...{tail}")
    );
}
