//! Leaked closures become one LSP warning per definition site, in a file
//! whose path needs percent-encoding.

use mlua::Lua;
use snapshot::diagnostics::leaked_closures;
use snapshot::{AllocTracker, Exclusions, Snapshot, WalkOptions};

fn take(lua: &Lua, tracker: &AllocTracker) -> Snapshot {
    let exclude = Exclusions::default();
    let opts = WalkOptions::whole_vm(&exclude);
    let mut snap = snapshot::take_from_rust(lua, &opts).expect("snapshot");
    tracker.watch(&mut snap);
    snap
}

/// A VM whose allocator is tracked; the tracker is removed before the VM
/// closes, even when a test fails and unwinds.
struct TrackedVm {
    lua: Lua,
    tracker: Box<AllocTracker>,
}

impl TrackedVm {
    fn new() -> Self {
        let lua = Lua::new();
        // SAFETY: fresh state, nothing running; `Drop` uninstalls it.
        let tracker = unsafe { AllocTracker::install(lua.state()) };
        TrackedVm { lua, tracker }
    }
}

impl Drop for TrackedVm {
    fn drop(&mut self) {
        // SAFETY: same state, nothing running.
        unsafe { self.tracker.uninstall(self.lua.state()) };
    }
}

/// Writes `source` to `file`, runs it as a file chunk, then runs `leak`
/// between two snapshots (each after a full collection): the later snapshot
/// and the diff.
fn leak_diff(file: &std::path::Path, source: &str, leak: &str) -> (Snapshot, snapshot::Diff) {
    std::fs::write(file, source).expect("write");
    let vm = TrackedVm::new();
    let (lua, tracker) = (&vm.lua, &*vm.tracker);
    lua.load(source)
        .set_name(format!("@{}", file.display()))
        .exec()
        .expect("load");
    lua.gc_collect().expect("gc");
    let before = take(lua, tracker);
    lua.load(leak).exec().expect("leak");
    lua.gc_collect().expect("gc");
    let after = take(lua, tracker);
    let reused = tracker.reused_between(&before, &after);
    let diff = snapshot::diff(&before, &after, &reused);
    (after, diff)
}

#[test]
fn one_warning_per_definition_site_with_encoded_uri() {
    let dir = std::env::temp_dir().join(format!("lua snapshot #{} é", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("bus.lua");
    let source = "Listeners = {}\n\
                  function listen(n)\n\
                  \x20 local state = { n = n }\n\
                  \x20 Listeners[#Listeners + 1] = function() return state end\n\
                  end\n";
    let (after, diff) = leak_diff(&file, source, "for i = 1, 3 do listen(i) end");
    let params = leaked_closures(&after, &diff, None);

    assert_eq!(params.len(), 1);
    let p = &params[0];
    let encoded_dir = format!("lua%20snapshot%20%23{}%20%C3%A9", std::process::id());
    let parent = dir.parent().expect("parent").display().to_string();
    assert_eq!(
        p.uri.as_str(),
        format!("file://{parent}/{encoded_dir}/bus.lua")
    );
    assert_eq!(p.diagnostics.len(), 1);
    let d = &p.diagnostics[0];
    // The closure is defined on line 4 (0-based 3), 57 characters long.
    assert_eq!((d.range.start.line, d.range.start.character), (3, 0));
    assert_eq!((d.range.end.line, d.range.end.character), (3, 57));
    assert_eq!(d.source.as_deref(), Some("lua-snapshot"));
    assert_eq!(d.severity, Some(lsp_types::DiagnosticSeverity::WARNING));
    // Three closures of one upvalue, the cells holding their `state`, and
    // the `state` tables of one field each.
    use crate::runtime::{closure_size, one_field_table_size, CELL_SIZE};
    let bytes = 3 * (closure_size(1) + CELL_SIZE + one_field_table_size());
    let path = "Root->(T)[registry]->(T)_G->(T)Listeners->(L@";
    assert!(
        d.message.starts_with(&format!(
            "3 closures created here are still alive ({bytes} B with the new objects they hold), held by "
        )) && d.message.contains(path)
            && d.message.ends_with(":4)[1]"),
        "{}",
        d.message
    );
    assert!(d.related_information.is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_closure_counts_everything_new_it_holds_however_deep() {
    let dir = std::env::temp_dir().join(format!("lua-snapshot-held-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("deep.lua");
    // The closure holds `state`, which holds a list of 50 tables: all of it
    // is new and reached only through the closure.
    let source = "Listeners = {}\n\
                  function listen()\n\
                  \x20 local state = { big = {} }\n\
                  \x20 for i = 1, 50 do state.big[i] = { i } end\n\
                  \x20 Listeners[#Listeners + 1] = function() return state end\n\
                  end\n";
    let (after, diff) = leak_diff(&file, source, "listen()");
    let params = leaked_closures(&after, &diff, None);
    let message = &params[0].diagnostics[0].message;
    // Everything new on a path through the closure, the closure included.
    let closure = *diff
        .added
        .iter()
        .find(|&&id| after.object(id).kind == snapshot::Kind::Function)
        .expect("the closure");
    let through = format!("{}->", after.shortest_path(closure));
    let held: usize = diff
        .added
        .iter()
        .filter(|&&id| id == closure || after.shortest_path(id).starts_with(&through))
        .map(|&id| after.object(id).size)
        .sum();
    assert!(
        held > 50 * 56,
        "the 50 tables of the list are counted: {held}"
    );
    assert!(
        message.starts_with(&format!(
            "1 closure created here is still alive ({} with the new objects it holds)",
            snapshot::diagnostics::human_size(held)
        )),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn related_information_and_chunks_without_a_file() {
    let dir = std::env::temp_dir().join(format!("lua-snapshot-related-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("registry.lua");
    // Closures are kept in a table that only the upvalue of `register`
    // holds: the path to them goes through that function.
    let source = "local handlers = {}\n\
                  function register(f)\n\
                  \x20 handlers[#handlers + 1] = f\n\
                  end\n\
                  function make(n)\n\
                  \x20 return function() return n end\n\
                  end\n";
    let (after, diff) = leak_diff(
        &file,
        source,
        "register(make(1)) register(make(2)) \
         from_string = (loadstring or load)('return function() end')()",
    );

    // The closure from a string chunk is among the added objects...
    let from_string = diff
        .added
        .iter()
        .filter(|&&id| after.function_info(id).is_some())
        .filter(|&&id| after.source(id).unwrap().starts_with("[string"))
        .count();
    assert_eq!(from_string, 1);
    // ...but only the file's closures get a diagnostic.
    let params = leaked_closures(&after, &diff, None);
    assert_eq!(params.len(), 1);
    let d = &params[0].diagnostics;
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].range.start.line, 5); // `return function() ...` on line 6
    assert!(
        d[0].message
            .starts_with("2 closures created here are still alive"),
        "{}",
        d[0].message
    );
    let related = d[0]
        .related_information
        .as_ref()
        .expect("related information");
    assert_eq!(related.len(), 1);
    assert_eq!(
        related[0].location.uri.as_str(),
        format!("file://{}", file.display())
    );
    assert_eq!(related[0].location.range.start.line, 1); // `function register` on line 2
    assert!(
        related[0]
            .message
            .starts_with("holds it: function defined at "),
        "{}",
        related[0].message
    );
    let _ = std::fs::remove_dir_all(&dir);
}
