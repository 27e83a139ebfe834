//! LuaJIT 2.1 (GC64): the objects and edges Lua 5.4 has not, and sizes and
//! roots as LuaJIT's collector sees them.

use mlua::Lua;
use snapshot::model::Kind;
use snapshot::report::object_report;
use snapshot::{Exclusions, Snapshot, WalkOptions};

fn whole_vm(lua: &Lua) -> Snapshot {
    let exclude = Exclusions::default();
    snapshot::take_from_rust(lua, &WalkOptions::whole_vm(&exclude)).expect("snapshot")
}

/// (kind, size, shortest path) of every reported object whose path
/// contains `part`.
fn objects(snap: &Snapshot, part: &str) -> Vec<(String, usize, String)> {
    let mut found: Vec<_> = snap
        .reported()
        .map(|id| object_report(snap, id, None))
        .filter(|r| r.paths[0].contains(part))
        .map(|r| (r.kind.to_string(), r.size, r.paths[0].clone()))
        .collect();
    found.sort_by(|a, b| a.2.cmp(&b.2));
    found
}

fn has(found: &[(String, usize, String)], kind: &str, size: usize, path_end: &str) -> bool {
    found
        .iter()
        .any(|(k, s, p)| k == kind && *s == size && p.ends_with(path_end))
}

#[test]
fn cdata_environments_and_the_array_slot_of_key_zero() {
    let lua = unsafe { Lua::unsafe_new() };
    lua.load(
        r#"
        local ffi = require "ffi"
        keep = { [0] = { "zero" }, { "one" },
                 ffi.new("int[4]"), ffi.new("struct { int a; double b; }"), 42LL,
                 ffi.new("char[?]", 100) }
        local up = { "upvalue" }
        fn = function() return up end
        setfenv(fn, { marker = {} })
        ud = newproxy(true)
        debug.setfenv(ud, { udenv = {} })
        "#,
    )
    .exec()
    .expect("script");
    let snap = whole_vm(&lua);
    let keep = objects(&snap, "_G->(T)keep");
    let g = "Root->(T)[registry]->(T)_G";
    assert!(
        keep.iter().any(|o| o.2 == format!("{g}->(T)keep->(T)[0]")),
        "{keep:#?}"
    );
    assert!(
        keep.iter().any(|o| o.2 == format!("{g}->(T)keep->(T)[1]")),
        "{keep:#?}"
    );
    // 16-byte header + payload; a variable-length array has 8 bytes more
    // in front and its payload rounded as LuaJIT allocates it.
    assert!(has(&keep, "cdata", 16 + 16, "->(D)[2]"), "{keep:#?}");
    assert!(has(&keep, "cdata", 16 + 16, "->(D)[3]"), "{keep:#?}");
    assert!(has(&keep, "cdata", 16 + 8, "->(D)[4]"), "{keep:#?}");
    assert!(
        keep.iter()
            .any(|o| o.0 == "cdata" && o.1 >= 100 + 16 && o.2.ends_with("->(D)[5]")),
        "{keep:#?}"
    );

    let env = objects(&snap, "fn->(T)[environment]");
    assert!(
        env.iter()
            .any(|o| o.2.ends_with("fn->(T)[environment]->(T)marker")),
        "{env:#?}"
    );
    let udenv = objects(&snap, "(U)ud->(T)[environment]");
    assert!(
        udenv.iter().any(|o| o.2.ends_with("->(T)udenv")),
        "{udenv:#?}"
    );
}

#[test]
fn frames_of_suspended_coroutines_name_their_locals_and_varargs() {
    let lua = unsafe { Lua::unsafe_new() };
    lua.load(
        r#"
        co = coroutine.create(function(a, ...)
          local inside = { "inside" }
          coroutine.yield()
          return inside
        end)
        coroutine.resume(co, { "arg" }, { "va1" }, { "va2" })
        "#,
    )
    .exec()
    .expect("script");
    let snap = whole_vm(&lua);
    let found = objects(&snap, ")co->(T)");
    let names: Vec<String> = found
        .iter()
        .filter(|o| o.0 == "table")
        .map(|o| {
            o.2.rsplit(")co->(T)")
                .next()
                .unwrap_or("")
                .split('{')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    for name in ["a", "inside", "(vararg:1)", "(vararg:2)"] {
        assert!(
            names.iter().any(|n| n == name),
            "{name} missing in {names:?}"
        );
    }
}

#[test]
fn reported_sizes_add_up_to_the_heap_growth_of_new_tables() {
    let lua = unsafe { Lua::unsafe_new() };
    // Counted inside one chunk with the collector stopped: what the chunk
    // allocates between the two counts is the tables and the list's array
    // (its older arrays are freed as it grows). The globals exist before,
    // and the JIT is off: a compiled trace takes heap memory (its IR and
    // snapshots) that is not an object of the report.
    lua.load(
        r#"
        list, growth = false, false
        jit.off()
        collectgarbage() collectgarbage("stop")
        local before = collectgarbage("count")
        list = {}
        for i = 1, 10000 do list[i] = { i, x = i } end
        growth = (collectgarbage("count") - before) * 1024
        "#,
    )
    .exec()
    .expect("tables");
    let growth: f64 = lua.globals().get("growth").expect("growth");
    let snap = whole_vm(&lua);
    let list: Vec<_> = snap
        .reported()
        .filter(|&id| snap.object(id).kind == Kind::Table)
        .filter(|&id| {
            let p = snap.shortest_path(id);
            p.ends_with("_G->(T)list") || p.contains("_G->(T)list->(T)[")
        })
        .collect();
    assert_eq!(list.len(), 10001);
    let sum: usize = list.iter().map(|&id| snap.object(id).size).sum();
    assert_eq!(
        sum, growth as usize,
        "reported {sum} B, heap grew {growth} B"
    );
}

#[test]
fn a_snapshot_allocates_nothing_in_the_vm() {
    let lua = unsafe { Lua::unsafe_new() };
    lua.load("t = {} for i = 1, 1000 do t[i] = { tostring(i) } end")
        .exec()
        .expect("script");
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
    let (before, after, objects): (usize, usize, usize) = walk.call(()).expect("walk");
    assert!(objects > 2000, "{objects}");
    assert_eq!(before, after);
}

#[test]
fn weak_tables_retain_what_the_collector_retains() {
    let lua = unsafe { Lua::unsafe_new() };
    lua.load(
        r#"
        weakv = setmetatable({ { "weak value" } }, { __mode = "v" })
        weakk = setmetatable({}, { __mode = "k" })
        anchor = { "anchor" }
        weakk[anchor] = { "ephemeron of anchor" }
        weakk[{ "dead key" }] = { "ephemeron of a dead key" }
        "#,
    )
    .exec()
    .expect("script");
    let snap = whole_vm(&lua);
    let strings: Vec<String> = snap
        .reported()
        .map(|id| object_report(&snap, id, None))
        .filter(|r| r.kind == "table")
        .map(|r| r.paths[0].clone())
        .collect();
    assert!(
        !strings.iter().any(|p| p.contains("weakv->(T)[1]")),
        "{strings:#?}"
    );
    assert!(
        strings.iter().any(|p| p.contains("weakk->(T)[table:")),
        "{strings:#?}"
    );
    assert_eq!(
        strings
            .iter()
            .filter(|p| p.contains("weakk->(T)[table:"))
            .count(),
        1
    );
}

/// A compiled trace that calls a global function holds that function as a
/// constant: after the global is cleared the function stays alive, and the
/// collector agrees (a weak table still has it after a full collection).
#[test]
fn constants_of_compiled_traces_are_retained_by_their_prototype() {
    let lua = unsafe { Lua::unsafe_new() };
    lua.load(
        r#"
        handler = function() return 1 end
        function run() local s = 0 for i = 1, 2000 do s = s + handler() end return s end
        for i = 1, 20 do run() end
        probe = setmetatable({ [handler] = true }, { __mode = "k" })
        handler = nil
        collectgarbage() collectgarbage()
        alive = next(probe) ~= nil
        "#,
    )
    .exec()
    .expect("script");
    let alive: bool = lua.globals().get("alive").expect("alive");
    let jit_on: bool = lua.load("return jit.status()").eval().expect("status");
    let snap = whole_vm(&lua);
    let held = objects(&snap, "[trace constant]");
    assert!(jit_on, "the vendored LuaJIT runs with its JIT on");
    assert!(
        alive,
        "the collector keeps the old handler through the trace"
    );
    assert!(
        held.iter()
            .any(|o| o.0 == "function" && o.2.contains("[trace constant]")),
        "the snapshot keeps what the collector keeps: {held:#?}"
    );
    // Without the edge, the function would be missing from the snapshot.
    assert_eq!(
        held.iter().filter(|o| o.0 == "function").count(),
        1,
        "{held:#?}"
    );
}

/// A snapshot leaves the JIT's compiled code alone: after it, the loop
/// compiled before runs on its trace with no trace event at all (nothing
/// flushed, aborted or recompiled it; `jit.attach` sees every such event).
#[test]
fn a_snapshot_flushes_no_trace() {
    let lua = unsafe { Lua::unsafe_new() };
    lua.load(
        r#"
        function hot() local s = 0 for i = 1, 100000 do s = s + i % 7 end return s end
        hot() hot()
        events = {}
        jit.attach(function(what) events[#events + 1] = what end, "trace")
        "#,
    )
    .exec()
    .expect("script");
    let _snap = whole_vm(&lua);
    let events: String = lua
        .load("hot() hot() return table.concat(events, ' ')")
        .eval()
        .expect("events");
    assert_eq!(events, "", "trace events after the snapshot");
}
