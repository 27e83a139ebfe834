//! `lua-snapshot run [--leaks] [--json] [--top N] SCRIPT [ARGS...]`.

use std::cell::RefCell;
use std::process::ExitCode;
use std::rc::Rc;

use mlua::{Function, Lua, MultiValue};
use snapshot::model::Kind;
use snapshot::report::{leak_report, leaks_text};
use snapshot::walk::RootValue;
use snapshot::Snapshot;

use super::RunArgs;
use crate::runtime::exit;
use crate::runtime::output::{emit, stdout_to_stderr};
use crate::runtime::script::Script;
use crate::runtime::tool::Tool;
use crate::runtime::vm::ScriptVm;

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("lua-snapshot: {msg}");
    ExitCode::from(1)
}

pub fn run(args: RunArgs) -> ExitCode {
    let script = match Script::resolve(&args.script, args.args.clone()) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let base_dir = std::env::current_dir().unwrap_or_else(|_| "/".into());
    let vm = match ScriptVm::new(base_dir) {
        Ok(vm) => vm,
        Err(e) => return fail(format!("cannot create the Lua VM: {e}")),
    };
    if let Some(mb) = args.memory_limit {
        vm.tool
            .tracker
            .set_limit(usize::try_from(mb.saturating_mul(1 << 20)).unwrap_or(usize::MAX));
    }
    let mut json_out = None;
    if args.json {
        match stdout_to_stderr() {
            Ok(out) => json_out = Some(out),
            Err(e) => return fail(format!("cannot redirect the script's output: {e}")),
        }
    }
    let chunk = match script.load(&vm.lua, &[], &[]) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };

    let probe = match (args.leaks || args.heapsnapshot.is_some())
        .then(|| LeakProbe::new(&vm.lua, &vm.tool, &chunk))
        .transpose()
    {
        Ok(p) => p,
        Err(e) => return fail(format!("cannot prepare the leak snapshots: {e}")),
    };
    let baseline = if let (true, Some(probe)) = (args.leaks, &probe) {
        match probe.snapshot(&vm.lua) {
            Ok(s) => Some(s),
            Err(e) => return fail(format!("cannot take the baseline snapshot: {e}")),
        }
    } else {
        None
    };

    let script_args: MultiValue = match script
        .args
        .iter()
        .map(|a| vm.lua.create_string(a).map(mlua::Value::String))
        .collect::<mlua::Result<_>>()
    {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    let mut code = match chunk.call::<()>(script_args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => match exit::requested(&e) {
            Some(n) => ExitCode::from(n.clamp(0, 255) as u8),
            None => fail(e),
        },
    };

    // The report must not run into the script's limit.
    vm.tool.tracker.set_limit(0);
    let Some(probe) = &probe else {
        return code;
    };
    let after = match probe.snapshot(&vm.lua) {
        Ok(s) => s,
        Err(e) => return fail(format!("cannot take the final snapshot: {e}")),
    };
    if let Some(file) = &args.heapsnapshot {
        if let Err(e) = write_heapsnapshot(&after, file) {
            code = fail(format!("cannot write '{}': {e}", file.display()));
        }
    }
    if let Some(before) = baseline {
        let diff = vm.tool.diff(&before, &after);
        match json_out.as_mut() {
            Some(out) => {
                let report = leak_report(&before, &after, &diff, args.top, Some(&vm.tool.base_dir));
                let text = serde_json::to_string(&report).unwrap_or_default() + "\n";
                if let Err(e) = out.write_all(&text) {
                    code = fail(format!("cannot write the report: {e}"));
                }
            }
            None => emit(&leaks_text(&after, &diff, args.top)),
        }
    }
    code
}

fn write_heapsnapshot(snap: &Snapshot, file: &std::path::Path) -> std::io::Result<()> {
    let mut out = std::fs::File::create(file)?;
    snapshot::heapsnapshot::write(snap, &mut out)?;
    out.sync_all()
}

/// Takes the before/after snapshots of `--leaks` from inside the VM: a full
/// collection, then a walk rooted at the registry and the main chunk (whose
/// prototypes hold the script's constants, so they never count as new).
struct LeakProbe {
    take: Function,
    taken: Rc<RefCell<Option<Snapshot>>>,
}

impl LeakProbe {
    /// One function for both snapshots: an excluded address must stay the
    /// tool's for the whole run.
    fn new(lua: &Lua, tool: &Rc<Tool>, chunk: &Function) -> mlua::Result<LeakProbe> {
        let taken = Rc::new(RefCell::new(None));
        let (t, out) = (Rc::clone(tool), Rc::clone(&taken));
        let chunk_addr = chunk.to_pointer() as usize;
        let take = lua.create_function(move |lua, ()| {
            let root = RootValue {
                name: "chunk".into(),
                kind: Kind::Function,
                addr: chunk_addr,
            };
            *out.borrow_mut() = Some(t.snapshot(lua, vec![root]));
            Ok(())
        })?;
        tool.exclude(mlua::Value::Function(take.clone()));
        Ok(LeakProbe { take, taken })
    }

    fn snapshot(&self, lua: &Lua) -> mlua::Result<Snapshot> {
        lua.gc_collect()?;
        lua.gc_collect()?;
        self.take.call::<()>(())?;
        let snap = self.taken.borrow_mut().take();
        snap.ok_or_else(|| mlua::Error::runtime("snapshot was not taken"))
    }
}
