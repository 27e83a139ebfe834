//! Paths through [`Depths`] are the paths the parent chain spells out, for
//! every object of a varied heap, whether or not the depths were built.

use mlua::Lua;

use crate::model::{EdgeName, Kind, ObjId, Snapshot, ROOT};
use crate::paths::{PATH_HEAD, PATH_TAIL};
use crate::walk::{take_from_rust, Exclusions, WalkOptions};

/// Chains of every length around the cut (36 steps), under string, float,
/// integer and object keys, upvalues, metatables, an ephemeron, a
/// coroutine's locals, and objects with several parents.
const VARIED: &str = r#"
local function chain(n, key)
  local head
  for i = 1, n do head = {[key] = head, v = {i}} end
  return head
end
deep = {}
for _, n in ipairs({1, 11, 12, 13, 30, 31, 32, 33, 34, 35, 36, 37, 38, 60, 300}) do
  deep[n] = chain(n, "next")
end
deep.odd = chain(50, "weird key")
local t = {}
deep.int = t
for i = 1, 80 do t[i] = {} t = t[i] end
local shared = chain(40, 1.5)
holders = {a = {x = shared}, b = {y = {z = shared}}}
mt = setmetatable({}, {__index = chain(45, "up")})
weak = setmetatable({}, {__mode = "k"})
weak[holders.a] = chain(39, "eph")
local up = chain(42, "u")
function getter() return up end
co = coroutine.create(function(a)
  local l = chain(37, "co")
  coroutine.yield(l)
  return a
end)
coroutine.resume(co, chain(3, "arg"))
keys = {[chain(2, "k")] = chain(38, "kv")}
"#;

fn varied_snapshot(lua: &Lua) -> Snapshot {
    let exclude = Exclusions::default();
    take_from_rust(lua, &WalkOptions::whole_vm(&exclude)).expect("snapshot")
}

/// The shortest path as it was written before `Depths`: the whole parent
/// chain (an upvalue cell and its value as one step), then its first 12 and
/// last 24 steps.
fn reference_path(snap: &Snapshot, id: ObjId) -> String {
    let mut steps: Vec<(ObjId, EdgeName)> = Vec::new();
    let mut at = id;
    while at != ROOT {
        let e = snap.edges[snap.object(at).parent_edge as usize];
        if at != id && snap.object(at).kind == Kind::Upvalue {
            steps.last_mut().unwrap().1 = e.name;
        } else {
            steps.push((at, e.name));
        }
        at = e.from;
    }
    steps.reverse();
    let write = |steps: &[(ObjId, EdgeName)], out: &mut String| {
        for &(obj, name) in steps {
            out.push_str("->");
            out.push_str(&snap.tag(obj));
            snap.edge_text(name, out);
        }
    };
    let mut out = snap.root_label.clone();
    if steps.len() <= PATH_HEAD + PATH_TAIL {
        write(&steps, &mut out);
    } else {
        let hidden = steps.len() - PATH_HEAD - PATH_TAIL;
        write(&steps[..PATH_HEAD], &mut out);
        out.push_str(&format!("->...({hidden} more steps)..."));
        write(&steps[steps.len() - PATH_TAIL..], &mut out);
    }
    out
}

#[test]
fn paths_with_and_without_depths_match_the_parent_chain() {
    let lua = Lua::new();
    lua.load(VARIED).exec().expect("script");
    let snap = varied_snapshot(&lua);
    let n = snap.objects.len() as ObjId;
    let expected: Vec<String> = (0..n).map(|id| reference_path(&snap, id)).collect();
    assert!(expected
        .iter()
        .any(|p| p.contains("->...(264 more steps)...")));
    // Upvalues read as one step from their function.
    assert!(
        expected.iter().any(|p| p.ends_with(")getter->(T)up->(T)u")),
        "{expected:#?}"
    );

    // The deepest object first: one path walks its chain and builds nothing.
    let fresh = snap.clone();
    let deepest = (0..n).max_by_key(|&id| fresh.depth_by_walking(id)).unwrap();
    assert_eq!(fresh.shortest_path(deepest), expected[deepest as usize]);
    assert!(fresh.depths.get().is_none(), "one path builds no depths");

    // Every object: the depths are built on the way and used after.
    let got: Vec<String> = (0..n).map(|id| fresh.shortest_path(id)).collect();
    assert!(fresh.depths.get().is_some(), "many paths build the depths");
    assert_eq!(got, expected);
    let again: Vec<String> = (0..n).map(|id| fresh.shortest_path(id)).collect();
    assert_eq!(again, expected);
}

#[test]
fn depths_count_steps_from_the_root() {
    let lua = Lua::new();
    lua.load("list = nil for i = 1, 100 do list = {next = list} end")
        .exec()
        .expect("script");
    let snap = varied_snapshot(&lua);
    let depths = Depths::new(&snap, PATH_HEAD as u32);
    for id in 0..snap.objects.len() as ObjId {
        let d = snap.depth_by_walking(id);
        assert_eq!(depths.depth(id), d);
        let cut = depths.at_cut(id);
        if d >= PATH_HEAD as u32 {
            assert_eq!(cut, snap.ancestor_at(id, d, PATH_HEAD as u32));
            assert_eq!(snap.depth_by_walking(cut), PATH_HEAD as u32);
        } else {
            assert_eq!(cut, ROOT);
        }
    }
}

use super::Depths;
