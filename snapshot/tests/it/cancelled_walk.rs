//! A walk its progress callback stops: no snapshot, the collector as it
//! was, and the progress it reported measured against the heap.

use mlua::Lua;
use snapshot::{take_cancellable, Exclusions, WalkOptions, WalkProgress, PROGRESS_STEP};

/// Walks `lua`'s heap with `progress`; what the walk returned.
fn walk(lua: &Lua, progress: &mut dyn FnMut(WalkProgress) -> bool) -> Option<usize> {
    let exclude = Exclusions::default();
    let opts = WalkOptions::whole_vm(&exclude);
    let mut taken = None;
    lua.scope(|scope| {
        let f = scope.create_function_mut(|lua, ()| {
            // SAFETY: inside a callback on the VM's thread, with the VM
            // paused in it.
            let snap = unsafe { take_cancellable(lua.current_thread().state(), &opts, progress) };
            taken = Some(snap.map(|s| s.object_count()));
            Ok(())
        })?;
        f.call::<()>(())
    })
    .expect("walk");
    taken.expect("the walk ran")
}

#[test]
fn a_cancelled_walk_gives_nothing_and_restarts_the_collector() {
    let lua = Lua::new();
    lua.load("Big = {} for i = 1, 3 * 65536 do Big[i] = {i} end")
        .exec()
        .unwrap();
    let mut seen = Vec::new();
    let stopped = walk(&lua, &mut |at| {
        seen.push(at);
        false
    });
    assert_eq!(stopped, None);
    assert_eq!(seen.len(), 1, "stopped at the first step");
    assert_eq!(seen[0].objects, PROGRESS_STEP);
    // 5.1 cannot ask whether the collector runs: there, a weakly held
    // table is gone after 200 MB of garbage only if it ran.
    let collected: bool = lua
        .load(
            "local asked, running = pcall(collectgarbage, 'isrunning')
             if asked then return running end
             local probe = setmetatable({}, { __mode = 'k' })
             local function fill() probe[{}] = true end
             fill()
             garbage = {}
             for i = 1, 2000 do garbage[i % 16] = string.rep('x', 100000) .. i end
             garbage = nil
             local collected = next(probe) == nil
             collectgarbage()
             return collected",
        )
        .eval()
        .unwrap();
    assert!(collected, "the collector runs again");

    let mut steps = Vec::new();
    let count = walk(&lua, &mut |at| {
        steps.push(at);
        true
    })
    .expect("a whole walk");
    assert!(count > 3 * 65536);
    assert!(steps.len() >= 3);
    let last = steps.last().unwrap();
    assert!(last.bytes > 3 * 65536 * 56 && last.bytes <= last.heap_bytes);
    assert!(steps
        .windows(2)
        .all(|w| w[0].percentage() <= w[1].percentage()));
    assert!(last.percentage() > 50.0 && last.percentage() <= 99.0);
}
