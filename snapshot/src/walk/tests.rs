//! Edges to table keys: recorded as a bit when the key string is known, and
//! still listed as referrers, counted and shown in paths.

use std::ffi::c_void;

use mlua::Lua;

use crate::model::{EdgeName, Kind, ObjId, Snapshot};
use crate::walk::{take_from_rust, Exclusions, WalkOptions};

fn whole_vm(lua: &Lua, exclude: &Exclusions) -> Snapshot {
    let opts = WalkOptions::whole_vm(exclude);
    take_from_rust(lua, &opts).expect("snapshot")
}

/// The address of the object `expr` evaluates to, as the walk records it
/// (`%p` of `string.format` is 5.4's and LuaJIT's only).
fn address(lua: &Lua, expr: &str) -> usize {
    let v: mlua::Value = lua.load(format!("return {expr}")).eval().expect("value");
    let mut addr = 0;
    // SAFETY: `exec_raw` runs the closure in a C call with `v` on top of
    // its stack.
    unsafe {
        lua.exec_raw::<()>(v, |l| {
            addr = crate::vm::current::top_object(l as *const c_void).map_or(0, |p| p as usize);
        })
    }
    .expect("address");
    addr
}

/// The tables that hold an edge named `[key]` to `s`, in walk order.
fn key_referrers(snap: &Snapshot, s: ObjId) -> Vec<ObjId> {
    let inc = snap.incoming();
    let range = inc.start[s as usize] as usize..inc.start[s as usize + 1] as usize;
    inc.edges[range]
        .iter()
        .map(|&i| snap.edge(i))
        .filter(|e| e.name == EdgeName::Key)
        .map(|e| e.from)
        .collect()
}

#[test]
fn shared_key_strings_keep_every_referrer() {
    let lua = Lua::new();
    lua.load(
        r#"
        list = {next = {next = {next = {}}}}
        point = {next = 5}
        hidden = {}
        holder = {next = hidden}
        "#,
    )
    .exec()
    .expect("script");
    let mut exclude = Exclusions::default();
    exclude.insert(address(&lua, "hidden") as *const c_void);
    let snap = whole_vm(&lua, &exclude);

    let s = snap.find(address(&lua, "'next'")).expect("the key string");
    assert_eq!(snap.object(s).kind, Kind::String);
    // `_G` holds the function `next`.
    let tables: Vec<ObjId> = [
        "_G",
        "list",
        "list.next",
        "list.next.next",
        "point",
        "holder",
    ]
    .iter()
    .map(|expr| snap.find(address(&lua, expr)).expect("table"))
    .collect();
    let mut referrers = key_referrers(&snap, s);
    referrers.sort();
    let mut expected = tables.clone();
    expected.sort();
    assert_eq!(referrers, expected);
    // The two inner list nodes met the string after the first: their key
    // edges are bits.
    assert!(snap.keyed.iter().map(|w| w.count_ones()).sum::<u32>() >= 2);
    assert_eq!(snap.ref_count(s), snap.paths_incoming_len(s));

    // Every referrer is a path of its own, each ending in the key edge.
    let paths = snap.paths(s, 8);
    assert!(paths.len() >= tables.len(), "{paths:#?}");
    assert!(
        paths.iter().all(|p| p.ends_with("->(A)[key]")),
        "{paths:#?}"
    );
    // `paths_of` (one pass over the edges) finds the same paths.
    let fresh = whole_vm(&lua, &exclude);
    let s2 = fresh.find(address(&lua, "'next'")).expect("the key string");
    assert_eq!(fresh.paths_of(&[s2], 8), vec![paths]);
}

impl Snapshot {
    fn paths_incoming_len(&self, id: ObjId) -> usize {
        let mut n = 0;
        self.for_each_edge(|_, to| n += usize::from(to == id));
        n
    }
}
