//! A snapshot taken from an inner function while an outer one holds a table
//! in a local: the table is reported through that frame, and the tool itself
//! (its C frame, its module tables and functions, its handles) never appears.

use super::support;

use std::collections::HashSet;

use support::*;

#[test]
fn lsnapshot_reports_a_local_of_an_outer_frame() {
    lsnapshot_reports_a_local_of_an_outer_frame_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn lsnapshot_reports_a_local_of_an_outer_frame_on(host: Host) {
    let r = run_script(host, "frame_local_lsnapshot.lua", &[]);
    r.assert_clean();
    // Stack innermost first: inner (line 7), outer (12), main chunk (17);
    // no `[C]` for dstop_snapshot.
    let stack =
        "frame_local_lsnapshot.lua:7 frame_local_lsnapshot.lua:12 frame_local_lsnapshot.lua:17";
    let thread = main_thread_path(&host.main_thread(stack));
    let kb = table_size(array_slots(1), 0) as f64 / 1024.0;
    let expected = format!(
        "------------------ diff snapshot ------------------\n\
         [1] type:(T) addr:0x… size:{kb}KB\n\
         \t{thread}->(T)held{{#frame_local_lsnapshot.lua:10}}\n\
         --------------- all size:{kb}Kb ---------------\n"
    );
    assert_eq!(mask_addresses(&r.stdout), expected);
}

#[test]
fn snapshot_module_reports_a_local_of_an_outer_frame_and_hides_itself() {
    snapshot_module_reports_a_local_of_an_outer_frame_and_hides_itself_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn snapshot_module_reports_a_local_of_an_outer_frame_and_hides_itself_on(host: Host) {
    let out = TempDir::new("tool-frames");
    run_api(host, "frame_local_snapshot.lua", &out);
    // `inner` tail-calls `snapshot.snapshot`: Lua 5.4 keeps its frame
    // under a C function, LuaJIT replaces it.
    let main = main_thread_path(&host.main_thread(per_runtime(
        "frame_local_snapshot.lua:10 frame_local_snapshot.lua:15 frame_local_snapshot.lua:21",
        "frame_local_snapshot.lua:15 frame_local_snapshot.lua:21",
    )));

    let incr = out.listing("incr.json");
    assert_objects(
        listing_objects(&incr.objects()),
        vec![expect(
            "table",
            table_size(array_slots(1), 0),
            &[&format!("{main}->(T)held{{#frame_local_snapshot.lua:13}}")],
        )],
    );
    assert!(incr.growths().is_empty());

    // In the whole-VM snapshot taken from `inner`...
    let full = out.listing("full.json");
    assert!(
        full.count > 100,
        "a whole VM has more objects: {}",
        full.count
    );
    let tool: HashSet<String> = out.read("tool.txt").lines().map(address).collect();
    // 2 module tables, 11 + 5 functions (lsnapshot: start_snapshot,
    // dstop_snapshot, write_report, listen, poll).
    assert_eq!(tool.len(), 18, "{tool:?}");
    for o in &full.objects {
        // ...no module table or function of the tool,
        assert!(!tool.contains(&o.address), "tool object reported: {o:?}");
        for p in &o.paths {
            // ...the main thread's stack is the script's alone,
            if p.contains("(S@") {
                assert!(p.starts_with(&main), "{p}");
            }
            // ...and no snapshot handle (the locals `before` and `after`).
            assert!(!p.contains("before{") && !p.contains("after{"), "{p}");
        }
    }
    // The main thread itself is there, with that stack.
    let thread: Vec<&Item> = full.objects.iter().filter(|o| o.kind == "thread").collect();
    assert_eq!(thread.len(), 1);
    assert_eq!(thread[0].paths, [main]);
}
