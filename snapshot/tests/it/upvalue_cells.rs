//! Upvalue cells are objects of their own: a diff counts the new ones, never
//! a cell an older closure already shared, and paths still read as one step
//! from a function to its upvalue's value.

use mlua::Lua;
use snapshot::model::Kind;
use snapshot::{AllocTracker, Exclusions, Snapshot, WalkOptions};

const REGISTRY: &str = "Root->(T)[registry]";

fn take(lua: &Lua, tracker: &AllocTracker) -> Snapshot {
    let exclude = Exclusions::default();
    let opts = WalkOptions::whole_vm(&exclude);
    let mut snap = snapshot::take_from_rust(lua, &opts).expect("snapshot");
    tracker.watch(&mut snap);
    snap
}

/// Everything the second chunk allocates and keeps is new closures, cells
/// and tables; its functions' prototypes, the global names and the slots of
/// `keep` exist before.
const SETUP: &str = r#"
keep = { false, false }
local shared = {}
old = function() return shared end
function make(n)
  local t = {}
  for i = 1, n do
    local v = i
    t[i] = function() return v end
  end
  return t
end
function share(n)
  local t = {}
  for i = 1, n do t[i] = function() return shared end end
  return t
end
"#;

#[test]
fn new_cells_are_counted_once_and_shared_old_cells_not_at_all() {
    let lua = Lua::new();
    // SAFETY: fresh state, nothing running; uninstalled below.
    let tracker = unsafe { AllocTracker::install(lua.state()) };
    lua.load(SETUP).exec().expect("setup");
    lua.gc_collect().expect("gc");
    let before = take(&lua, &tracker);
    lua.load("keep[1] = make(1000) keep[2] = share(10)")
        .exec()
        .expect("closures");
    lua.gc_collect().expect("gc");
    let after = take(&lua, &tracker);
    let reused = tracker.reused_between(&before, &after);
    let d = snapshot::diff(&before, &after, &reused);

    // 1,000 closures capturing their own `v`, 10 sharing the old cell of
    // `shared` (one in 5.3, which reuses the closure: `getcached`):
    // 1,010 functions, 1,000 cells, 2 tables.
    let sharers = if crate::runtime::CACHED_CLOSURES {
        1
    } else {
        10
    };
    let count = |k: Kind| {
        d.added
            .iter()
            .filter(|&&id| after.object(id).kind == k)
            .count()
    };
    assert_eq!(count(Kind::Function), 1000 + sharers);
    assert_eq!(count(Kind::Upvalue), 1000);
    assert_eq!(count(Kind::Table), 2);
    // The rest is `take_from_rust`'s own callback, on the stack while it
    // walks (a C function and its userdata upvalue): not in `growth`.
    let walker = format!("{}->(C)[stack:", crate::runtime::MAIN_THREAD);
    let (own, script): (Vec<&u32>, Vec<&u32>) = d
        .added
        .iter()
        .partition(|&&id| after.shortest_path(id).starts_with(&walker));
    assert_eq!(own.len(), 2);
    assert_eq!(script.len(), 2002 + sharers);
    // 1,010 closures of one upvalue, 1,000 cells, an array of 1,024 slots
    // and one of 16 (e2e `upvalue_cells` compares such a sum with the
    // heap's growth).
    let own_bytes: usize = own.iter().map(|&&id| after.object(id).size).sum();
    use crate::runtime::{array_table_size as table, closure_size, CELL_SIZE};
    assert_eq!(
        d.added_size - own_bytes,
        (1000 + sharers) * closure_size(1) + 1000 * CELL_SIZE + table(1024) + table(16)
    );
    let cells: usize = d
        .added
        .iter()
        .filter(|&&id| after.object(id).kind == Kind::Upvalue)
        .map(|&id| after.object(id).size)
        .sum();
    assert_eq!(cells, 1000 * CELL_SIZE);

    // Paths read as before: a value held by an upvalue is one step from the
    // function, and every closure that shares the cell is a parent.
    let g = format!("{REGISTRY}->(T)_G");
    let value_paths: Vec<Vec<String>> = after
        .reported()
        .filter(|&id| after.object(id).kind == Kind::Table && after.object(id).entries == 0)
        .map(|id| after.paths(id, 8))
        .filter(|p| p[0].ends_with("->(T)shared"))
        .collect();
    assert_eq!(value_paths.len(), 1, "{value_paths:#?}");
    let p = &value_paths[0];
    assert!(p[0].starts_with(&format!("{g}->(L@")), "{p:#?}");
    assert!(
        p[0].ends_with(")old->(T)shared") || p[0].ends_with(")share->(T)shared"),
        "{p:#?}"
    );
    // `old`, `share` and 6 of the 10 sharers (8 paths at most).
    assert_eq!(p.len(), 2 + sharers.min(6), "{p:#?}");
    assert!(
        p.iter()
            .all(|p| p.ends_with(")shared") && !p.contains("(V)")),
        "{p:#?}"
    );
    // A cell's own path ends at the cell.
    let cell = d
        .added
        .iter()
        .copied()
        .find(|&id| after.object(id).kind == Kind::Upvalue)
        .unwrap();
    let cell_path = after.shortest_path(cell);
    assert!(
        cell_path.starts_with(&format!("{g}->(T)keep->(T)[1]->(L@")) && cell_path.ends_with(")v"),
        "{cell_path}"
    );
    assert_eq!(after.tag(cell), "(V)");

    // SAFETY: same state, nothing running.
    unsafe { tracker.uninstall(lua.state()) };
}
