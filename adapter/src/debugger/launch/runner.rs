//! The VM thread: create the VM, load the script, wait for
//! `configurationDone`, run it under the debugger, report how it ended.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, SyncSender};

use dap::types::{ExitedEventBody, TerminatedEventBody};
use mlua::{ffi, Function, Lua, MultiValue, Value};

use super::terminal_io::TerminalIo;
use super::{output, LaunchConfig};
use crate::debugger::breakpoints::Breakpoints;
use crate::debugger::command::Command;
use crate::debugger::control::{self, EXIT_CODE, EXIT_REQUESTED, QUIET, TERMINATE};
use crate::debugger::hook::{self, Refs};
use crate::debugger::link::Link;
use crate::debugger::sources::SourceStore;
use crate::debugger::state::{Debugger, Step};
use crate::debugger::stopped;
use crate::runtime::script::Script;
use crate::runtime::vm::ScriptVm;
use crate::server::client::Client;
use crate::snapshots::store::SnapshotStore;

/// How the script ended.
enum Outcome {
    Returned,
    Exit(i32),
    Terminated,
    Failed(String),
}

pub fn main(
    config: LaunchConfig,
    client: Client,
    sources: SourceStore,
    link: &Link,
    loaded: SyncSender<Result<(), String>>,
) {
    control::reset();
    hook::oom::reset();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run(config, client.clone(), sources, link, &loaded)
    }));
    hook::stop();
    let (code, dbg) = match caught {
        Ok(Some((code, dbg))) => (code, Some(dbg)),
        Ok(None) => return, // not loaded: the launch request got the error
        Err(_) => {
            let _ = loaded.try_send(Err("internal error while loading the script".into()));
            client.output("stderr", "lua-snapshot: internal error in the debugger\n");
            (1, None)
        }
    };
    if !QUIET.load(Ordering::SeqCst) && control::claim_end() {
        client.event(&ExitedEventBody {
            exit_code: i64::from(code),
        });
        client.event(&TerminatedEventBody::default());
    }
    if let Some(dbg) = dbg {
        stopped::serve_ended(&dbg);
    }
}

/// Returns the exit code and the debugger (its snapshots outlive the VM),
/// or `None` if the script did not load.
fn run(
    config: LaunchConfig,
    client: Client,
    sources: SourceStore,
    link: &Link,
    loaded: &SyncSender<Result<(), String>>,
) -> Option<(i32, Rc<Debugger>)> {
    // Before the VM: the program's stdin/stdout are the terminal for the
    // whole run (dropped last, after the VM and its `__gc` output).
    let terminal = config.terminal.clone().and_then(|stream| {
        TerminalIo::attach(stream)
            .map_err(|e| {
                client.output(
                    "console",
                    format!(
                        "lua-snapshot: cannot use the terminal ({e}); using the Debug Console\n"
                    ),
                )
            })
            .ok()
    });
    let prepared = prepare(&config, &client, &sources, terminal.is_some());
    let (vm, chunk, refs, handlers) = match prepared {
        Ok(p) => p,
        Err(message) => {
            let _ = loaded.send(Err(message));
            return None;
        }
    };
    let (tx, rx) = mpsc::channel();
    link.open(tx);
    let dbg = Rc::new(Debugger {
        client: client.clone(),
        commands: Rc::new(rx),
        enabled: !config.no_debug,
        base_dir: config.base_dir.clone(),
        sources,
        breakpoints: RefCell::new(Breakpoints::default()),
        step: Cell::new(Step::None),
        hit: RefCell::new(None),
        entry_hit: Cell::new(None),
        functions: RefCell::new(Vec::new()),
        exception: RefCell::new(None),
        tool: Rc::clone(&vm.tool),
        snapshots: RefCell::new(SnapshotStore::new(config.max_snapshots)),
        snapshot_on_stop: config.snapshot_on_stop,
        progress: config.progress,
    });
    hook::activate(Some(Rc::clone(&dbg)), refs);
    let _ = loaded.send(Ok(()));

    if !wait_for_start(&dbg, &vm.lua) {
        finish(&dbg, link);
        return Some((1, dbg));
    }
    if config.stop_on_entry && dbg.enabled {
        dbg.step.set(Step::Entry);
    }
    if let Some(limit) = config.memory_limit {
        vm.tool.tracker.set_limit(limit);
        if dbg.enabled {
            vm.tool
                .tracker
                .set_reserve(oom_reserve(limit), Some(hook::oom::on_limit));
        }
    }
    let outcome = execute(&vm.lua, &dbg, chunk, handlers.0.clone(), &config.args);
    vm.tool.tracker.set_limit(0);
    vm.tool.tracker.set_reserve(0, None);
    hook::script_done();
    let code = match outcome {
        Outcome::Returned => 0,
        Outcome::Exit(code) => code,
        Outcome::Terminated => 1,
        Outcome::Failed(text) => {
            client.output("stderr", text);
            1
        }
    };
    finish(&dbg, link);
    drop(handlers);
    drop(vm); // closes the state: pending `__gc` output goes out before `exited`
    Some((code, dbg))
}

type Prepared = (
    ScriptVm,
    Function,
    Refs,
    (Function, Function, mlua::RegistryKey, mlua::RegistryKey),
);

/// Creates the VM with the debugger's replacements and compiles the script.
fn prepare(
    config: &LaunchConfig,
    client: &Client,
    sources: &SourceStore,
    terminal: bool,
) -> Result<Prepared, String> {
    let vm = ScriptVm::new(config.base_dir.clone())
        .map_err(|e| format!("cannot create the Lua VM: {e}"))?;
    // Before any code is compiled: every prototype must be seen.
    hook::watch_code(!config.no_debug);
    sources.forget_loaded();
    let lua = &vm.lua;
    let setup = || -> mlua::Result<_> {
        // The debugger's functions belong to the tool: snapshots skip them.
        let mut own = output::install(lua, client, terminal)?;
        output::install_warnings(lua, client);
        own.push(sources.wrap_load(lua)?);
        let hook_own = hook::install(lua)?;
        let entry = stopped::entry_function(lua)?;
        let (uncaught, caught) = stopped::error_handlers(lua)?;
        own.extend([entry.clone(), uncaught.clone(), caught.clone()]);
        for f in &own {
            vm.tool.exclude(mlua::Value::Function(f.clone()));
        }
        for v in hook_own {
            vm.tool.exclude(v);
        }
        let entry_key = lua.create_registry_value(entry)?;
        let caught_key = lua.create_registry_value(caught.clone())?;
        let refs = Refs {
            entry: entry_key.id(),
            caught: caught_key.id(),
        };
        Ok((refs, (uncaught, caught, entry_key, caught_key)))
    };
    let (refs, handlers) = setup().map_err(|e| format!("cannot prepare the debugger: {e}"))?;
    let script = Script {
        path: config.program.clone(),
        args: config.args.clone(),
    };
    let chunk = script
        .load(lua, &config.lua_path, &config.lua_cpath)
        .map_err(|e| stopped::error_text(&e))?;
    Ok((vm, chunk, refs, handlers))
}

/// Memory past `memoryLimitMB` for a stop at an out-of-memory error
/// (`hook/oom.rs`): a quarter of the limit, at least 1 MiB, at most 64 MiB.
/// Snapshots are built outside the Lua heap; this is for the stop's own
/// Lua values (frames, variables, evaluations).
fn oom_reserve(limit: usize) -> usize {
    (limit / 4).clamp(1 << 20, 64 << 20)
}

/// Serves commands until `configurationDone`; false if told to terminate.
fn wait_for_start(dbg: &Debugger, lua: &Lua) -> bool {
    loop {
        match dbg.commands.recv() {
            Ok(Command::Start) => return !TERMINATE.load(Ordering::SeqCst),
            Ok(Command::Breakpoints { file, specs }) => hook::set_breakpoints(dbg, file, specs),
            Ok(Command::FunctionBreakpoints(specs)) => stopped::set_functions(dbg, lua, specs),
            Ok(Command::Pause | Command::ResolveFunctions) => {}
            Ok(Command::Request(request)) => {
                dbg.client.error(&request, "the program has not started")
            }
            Ok(Command::Attach(order)) => dbg
                .client
                .error(&order.request, "a launched program cannot be attached to"),
            Ok(Command::Detach { done, .. }) => {
                let _ = done.send(());
            }
            Ok(Command::Terminate) | Err(_) => return false,
        }
    }
}

/// Runs the main chunk under the uncaught-error handler.
fn execute(
    lua: &Lua,
    dbg: &Debugger,
    chunk: Function,
    handler: Function,
    args: &[String],
) -> Outcome {
    let mut values = vec![Value::Function(handler), Value::Function(chunk)];
    for arg in args {
        match lua.create_string(arg) {
            Ok(s) => values.push(Value::String(s)),
            Err(e) => return Outcome::Failed(format!("{e}\n")),
        }
    }
    let result = hook::run_main(lua, MultiValue::from_iter(values));
    let values: Vec<Value> = match result {
        Ok(v) => v.into_iter().collect(),
        Err(e) => return Outcome::Failed(format!("{e}\n")),
    };
    let status = match values.last() {
        Some(Value::Integer(s)) => *s as i32,
        _ => ffi::LUA_ERRRUN,
    };
    if EXIT_REQUESTED.load(Ordering::SeqCst) {
        return Outcome::Exit(EXIT_CODE.load(Ordering::SeqCst));
    }
    if TERMINATE.load(Ordering::SeqCst) {
        return Outcome::Terminated;
    }
    if status == ffi::LUA_OK {
        return Outcome::Returned;
    }
    let error = values.get(1).cloned().unwrap_or(Value::Nil);
    let message = stopped::error_message(lua, &error);
    let traceback = dbg
        .exception
        .borrow()
        .as_ref()
        .filter(|e| e.uncaught && e.message == message)
        .map(|e| e.traceback.clone());
    Outcome::Failed(match traceback {
        Some(tb) => format!("lua: {message}\n{tb}\n"),
        None => format!("lua: {message}\n"),
    })
}

/// The script is over: the link stays open for snapshot requests
/// (`snapshots::serve_ended`) unless the session already let go of this VM;
/// then the commands still queued are answered.
fn finish(dbg: &Debugger, link: &Link) {
    if link.keep_for_snapshots() {
        return;
    }
    while let Ok(command) = dbg.commands.try_recv() {
        if let Command::Request(request) = command {
            dbg.client.error(&request, "the program has ended");
        }
    }
}
