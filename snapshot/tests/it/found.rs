//! Looking up what a whole-VM snapshot reports, for the per-runtime tests
//! (`lua53`, `lua51`).

use mlua::Lua;
use snapshot::model::Kind;
use snapshot::report::object_report;
use snapshot::{Exclusions, Snapshot, WalkOptions};

pub fn whole_vm(lua: &Lua) -> Snapshot {
    let exclude = Exclusions::default();
    snapshot::take_from_rust(lua, &WalkOptions::whole_vm(&exclude)).expect("snapshot")
}

/// (kind, size, shortest path) of every reported object whose path
/// contains `part`.
pub fn objects(snap: &Snapshot, part: &str) -> Vec<(String, usize, String)> {
    let mut found: Vec<_> = snap
        .reported()
        .map(|id| object_report(snap, id, None))
        .filter(|r| r.paths[0].contains(part))
        .map(|r| (r.kind.to_string(), r.size, r.paths[0].clone()))
        .collect();
    found.sort_by(|a, b| a.2.cmp(&b.2));
    found
}

/// Whether an object of `kind` and `size` has a path ending in `path_end`.
pub fn has(found: &[(String, usize, String)], kind: &str, size: usize, path_end: &str) -> bool {
    found
        .iter()
        .any(|(k, s, p)| k == kind && *s == size && p.ends_with(path_end))
}

/// The sum of the sizes of the tables of `list` (a global) and of `list`,
/// after a chunk that made them counted the heap's growth into the global
/// `growth` with the collector stopped; returns (sum, growth).
pub fn list_sizes_and_growth(lua: &Lua) -> (usize, usize) {
    let growth: f64 = lua.globals().get("growth").expect("growth");
    let snap = whole_vm(lua);
    let list: Vec<_> = snap
        .reported()
        .filter(|&id| snap.object(id).kind == Kind::Table)
        .filter(|&id| {
            let p = snap.shortest_path(id);
            p.ends_with("_G->(T)list") || p.contains("_G->(T)list->(T)[")
        })
        .collect();
    assert_eq!(list.len(), 10001);
    let sum = list.iter().map(|&id| snap.object(id).size).sum();
    (sum, growth as usize)
}

/// Counts what the VM allocates while a snapshot is taken: (heap bytes
/// before, after, objects reported).
pub fn heap_around_a_snapshot(lua: &Lua) -> (usize, usize, usize) {
    let walk = lua
        .create_function(|lua, ()| {
            let l = lua.current_thread().state();
            let exclude = Exclusions::default();
            // SAFETY: inside a callback on the VM's thread.
            unsafe {
                let before = snapshot::heap_bytes(l);
                let snap = snapshot::take(l, &WalkOptions::whole_vm(&exclude));
                let after = snapshot::heap_bytes(l);
                Ok((before, after, snap.reported().count()))
            }
        })
        .expect("function");
    walk.call(()).expect("walk")
}

/// The layout check of the loadable modules, run on this VM.
pub fn layout_check(lua: &Lua) -> Result<(), String> {
    let mut outcome = Err("not run".to_string());
    // SAFETY: `exec_raw` runs the closure inside a C call on the VM's
    // thread, with room on the stack.
    unsafe {
        lua.exec_raw::<()>((), |l| {
            outcome = snapshot::layout_check::host(l).map_err(|m| m.to_string());
        })
    }
    .expect("exec");
    outcome
}

/// The names of the locals and varargs of thread `co` (a global) that
/// hold tables.
pub fn thread_slot_names(snap: &Snapshot, co: &str) -> Vec<String> {
    let at = format!("){co}->(T)");
    objects(snap, &at)
        .iter()
        .filter(|o| o.0 == "table")
        .map(|o| {
            o.2.rsplit(at.as_str())
                .next()
                .unwrap_or("")
                .split('{')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// Sizes of the upvalue cells whose shortest path contains `part`.
pub fn cell_sizes(snap: &Snapshot, part: &str) -> Vec<usize> {
    snap.reported()
        .filter(|&id| snap.object(id).kind == Kind::Upvalue)
        .filter(|&id| snap.shortest_path(id).contains(part))
        .map(|id| snap.object(id).size)
        .collect()
}
