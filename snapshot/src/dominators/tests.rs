//! The dominator tree against its definition: `d` dominates `x` exactly
//! when `x` is unreachable from the root once `d` is removed, checked for
//! every object of a varied heap by one reachability search per object.

use mlua::Lua;

use super::{each_edge, node};
use crate::model::{Kind, ObjId, Snapshot, ROOT};
use crate::walk::{take_from_rust, Exclusions, WalkOptions};

/// Lists, cycles, shared objects, diamonds, weak tables, an ephemeron,
/// closures sharing an upvalue, a coroutine's locals, metatables.
const VARIED: &str = r#"
list = nil
for i = 1, 50 do list = {next = list, v = {i}} end
ring = {}
do local a = {} local b = {prev = a} a.next = b b.next = {back = ring} ring.first = a end
shared = {}
left, right = {s = shared}, {s = shared}
diamond = {l = {}, r = {}}
diamond.l.x = {deep = {}} diamond.r.x = diamond.l.x
do
  local held = {}
  owner = {held = held}
  weakv = setmetatable({held, {}}, {__mode = "v"})
end
weakk = setmetatable({}, {__mode = "k"})
weakk[owner] = {onlyhere = {}}
local up = {}
function f1() return up end
function f2() return up end
co = coroutine.create(function() local l = {inner = {}} coroutine.yield() return l end)
coroutine.resume(co)
Entity = {} Entity.__index = Entity
e1 = setmetatable({}, Entity)
"#;

fn snapshot_of(lua: &Lua) -> Snapshot {
    lua.load(VARIED).exec().expect("heap");
    lua.gc_collect().expect("gc");
    let exclude = Exclusions::default();
    take_from_rust(lua, &WalkOptions::whole_vm(&exclude)).expect("snapshot")
}

/// Nodes reachable from the root without passing through `removed`.
fn reachable_without(n: usize, succ: &[Vec<u32>], removed: u32) -> Vec<bool> {
    let mut seen = vec![false; n];
    seen[0] = true;
    let mut queue = vec![0u32];
    while let Some(v) = queue.pop() {
        for &w in &succ[v as usize] {
            if w != removed && !seen[w as usize] {
                seen[w as usize] = true;
                queue.push(w);
            }
        }
    }
    seen
}

fn global(lua: &Lua, snap: &Snapshot, name: &str) -> ObjId {
    let p = lua.globals().get::<mlua::Value>(name).unwrap().to_pointer() as usize;
    snap.find(p).expect("global in the snapshot")
}

#[test]
fn dominators_and_retained_sizes_match_their_definition() {
    let lua = Lua::new();
    let snap = snapshot_of(&lua);
    let doms = snap.dominators();
    let n = snap.objects.len() + 1;
    let mut succ = vec![Vec::new(); n];
    each_edge(&snap, |f, t| succ[f as usize].push(t));
    for d in 0..snap.objects.len() as ObjId {
        let alive = reachable_without(n, &succ, node(d));
        let mut size = 0u64;
        for x in 0..snap.objects.len() as ObjId {
            let dead = x == d || !alive[node(x) as usize];
            let mut by_chain = false;
            let mut at = x;
            while at != ROOT {
                if at == d {
                    by_chain = true;
                    break;
                }
                at = doms.idom(at).unwrap_or(ROOT);
            }
            assert_eq!(dead, by_chain, "does {d} dominate {x}?");
            if dead && snap.kind_of(x) != Kind::Proto {
                size += snap.size_of(x) as u64;
            }
        }
        assert_eq!(doms.retained_size(d), size, "retained size of {d}");
    }
}

#[test]
fn weak_references_do_not_retain() {
    let lua = Lua::new();
    let snap = snapshot_of(&lua);
    let doms = snap.dominators();
    let held: mlua::Value = lua.load("return owner.held").eval().unwrap();
    let held = snap.find(held.to_pointer() as usize).unwrap();
    // `weakv` holds `held` too, weakly: `owner` alone keeps it.
    assert_eq!(doms.idom(held), Some(global(&lua, &snap, "owner")));
    // The list head retains all 50 nodes, their `{i}` tables and nothing
    // else (the key strings are shared).
    let list = global(&lua, &snap, "list");
    assert_eq!(doms.retained_count(list), 100);
    let v: mlua::Value = lua.load("return list.v").eval().unwrap();
    let v = snap.find(v.to_pointer() as usize).unwrap();
    let node = (snap.size_of(list) + snap.size_of(v)) as u64;
    assert_eq!(doms.retained_size(list), 50 * node);
    // Both sides of a diamond hold `x`: only `diamond` dominates it.
    let diamond = global(&lua, &snap, "diamond");
    let x: mlua::Value = lua.load("return diamond.l.x").eval().unwrap();
    let x = snap.find(x.to_pointer() as usize).unwrap();
    assert_eq!(doms.idom(x), Some(diamond));
    // `x`, its table `deep` and the key string "deep", used nowhere else.
    assert_eq!(doms.retained_count(x), 3);
}
