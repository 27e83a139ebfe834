//! The host's Lua thread: what is served while no client is attached, and
//! putting the debugger in and taking it out.
//!
//! Installing means changing the host's globals (`pcall`, `xpcall`,
//! `coroutine.resume`/`wrap`, `debug.sethook`/`gethook`; see
//! `hook/replacements.rs` for why); the originals are kept and put back at
//! detach, so a host runs after a session exactly as before it. Code that
//! kept its own reference to one of them (`local pcall = pcall`) keeps the
//! original: its errors are not seen by the `raised` filter.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;

use dap::Event;
use mlua::{ffi, Lua, Table, Value};

use crate::debugger::breakpoints::Breakpoints;
use crate::debugger::command::{AttachOrder, Command};
use crate::debugger::control::{self, CURRENT, EXIT_REQUESTED, PAUSE, QUIET, TERMINATE};
use crate::debugger::hook;
use crate::debugger::host_calls::{self, HostCalls};
use crate::debugger::state::{Debugger, Step};
use crate::runtime::tool::Tool;
use crate::snapshots::store::SnapshotStore;

/// The host's side of the attach mode, on its Lua thread.
pub struct HostSide {
    tool: Rc<Tool>,
    main: *mut ffi::lua_State,
    commands: Rc<Receiver<Command>>,
    /// Tells the server a client is attached.
    attached: Arc<AtomicBool>,
    /// What attaching changed, to put back.
    installed: Option<Installed>,
}

struct Installed {
    /// (table, key, original value) of each global replaced.
    originals: Vec<(Table, &'static str, Value)>,
    /// The replacements, which belong to the tool while attached.
    own: Vec<Value>,
}

thread_local! {
    static HOST: RefCell<Option<HostSide>> = const { RefCell::new(None) };
}

impl HostSide {
    pub fn new(
        tool: Rc<Tool>,
        main: *mut ffi::lua_State,
        commands: Rc<Receiver<Command>>,
        attached: Arc<AtomicBool>,
    ) -> Self {
        HostSide {
            tool,
            main,
            commands,
            attached,
            installed: None,
        }
    }
}

pub fn start(side: HostSide) {
    HOST.with(|h| *h.borrow_mut() = Some(side));
    host_calls::register(HostCalls { idle, detach });
}

/// The host closed its Lua state: its values are gone with it.
pub fn closed() {
    if let Some(dbg) = hook::active() {
        dbg.client
            .output("console", "lsnapshot: the host closed its Lua state\n");
        dbg.client
            .event(&dap::types::TerminatedEventBody::default());
        // It holds Lua values of the closing state: never dropped.
        std::mem::forget(dbg);
    }
    hook::remove_from_host();
    set_attached(false);
    // Dropping the Lua values of a closing state is not safe; the little
    // memory is the process's to reclaim.
    HOST.with(|h| std::mem::forget(h.borrow_mut().take()));
}

/// Serves the queue while no client is attached: an `attach` installs the
/// debugger (on the main thread only: the coroutines the host resumed from
/// C are not known to the resume chain), the rest is stale.
fn idle(lua: &Lua) {
    control::INTERRUPT.store(false, Ordering::SeqCst);
    let Some((commands, main)) = HOST.with(|h| {
        h.borrow()
            .as_ref()
            .map(|s| (Rc::clone(&s.commands), s.main))
    }) else {
        return;
    };
    if lua.current_thread().state() != main {
        // Served when the main thread runs or polls.
        control::INTERRUPT.store(true, Ordering::SeqCst);
        return;
    }
    while !attached() {
        let Ok(command) = commands.try_recv() else {
            return;
        };
        match command {
            Command::Attach(order) => attach(lua, *order),
            Command::Request(request) => request_too_early(&request),
            Command::Detach { done, end_host } => detach(lua, done, end_host),
            Command::Breakpoints { .. }
            | Command::FunctionBreakpoints(_)
            | Command::ResolveFunctions
            | Command::Start
            | Command::Pause
            | Command::Terminate => {}
        }
    }
}

/// Whether a client is attached: one flag, which the server reads too.
fn attached() -> bool {
    HOST.with(|h| {
        h.borrow()
            .as_ref()
            .is_some_and(|s| s.attached.load(Ordering::SeqCst))
    })
}

fn set_attached(on: bool) {
    HOST.with(|h| {
        if let Some(side) = h.borrow().as_ref() {
            side.attached.store(on, Ordering::SeqCst);
        }
    });
}

fn request_too_early(request: &dap::Request) {
    crate::server::log::dlog!("request {} before attach: dropped", request.command);
}

fn attach(lua: &Lua, order: AttachOrder) {
    let Some((tool, main, commands)) = HOST.with(|h| {
        h.borrow()
            .as_ref()
            .map(|s| (Rc::clone(&s.tool), s.main, Rc::clone(&s.commands)))
    }) else {
        return;
    };
    for flag in [&PAUSE, &TERMINATE, &EXIT_REQUESTED, &QUIET] {
        flag.store(false, Ordering::SeqCst);
    }
    let installed = match install(lua, main, &tool) {
        Ok(installed) => installed,
        Err(e) => {
            order
                .client
                .error(&order.request, format!("cannot attach to the host: {e}"));
            return;
        }
    };
    let dbg = Rc::new(Debugger {
        client: order.client.clone(),
        commands,
        enabled: true,
        base_dir: tool.base_dir.clone(),
        sources: order.sources,
        breakpoints: RefCell::new(Breakpoints::default()),
        step: Cell::new(Step::None),
        entry_hit: Cell::new(None),
        functions: RefCell::new(Vec::new()),
        hit: RefCell::new(None),
        exception: RefCell::new(None),
        tool: Rc::clone(&tool),
        snapshots: RefCell::new(SnapshotStore::new(order.max_snapshots)),
        snapshot_on_stop: order.snapshot_on_stop,
        progress: order.progress,
    });
    hook::watch_code_late();
    let refs = hook::refs();
    hook::activate(Some(dbg), refs);
    HOST.with(|h| {
        if let Some(side) = h.borrow_mut().as_mut() {
            side.installed = Some(installed);
        }
    });
    set_attached(true);
    order.client.ok(&order.request, ());
    order.client.send(Event::new("initialized"));
}

/// Replaces the globals the debugger needs, keeping the originals.
fn install(lua: &Lua, main: *mut ffi::lua_State, tool: &Tool) -> mlua::Result<Installed> {
    let globals = lua.globals();
    let mut originals = vec![
        (globals.clone(), "pcall", globals.raw_get("pcall")?),
        (globals.clone(), "xpcall", globals.raw_get("xpcall")?),
    ];
    for (lib, names) in [
        ("coroutine", &["resume", "wrap"][..]),
        ("debug", &["sethook", "gethook"][..]),
    ] {
        if let Ok(table) = globals.raw_get::<Table>(lib) {
            for &name in names {
                originals.push((table.clone(), name, table.raw_get(name)?));
            }
        }
    }
    // SAFETY: `idle` runs only on the main thread, which is running (we
    // are inside one of its C functions).
    let own = unsafe { hook::install_in_host(lua, main) };
    let own = match own {
        Ok(own) => own,
        Err(e) => {
            restore(&originals);
            return Err(e);
        }
    };
    for value in &own {
        tool.exclude(value.clone());
    }
    Ok(Installed { originals, own })
}

fn restore(originals: &[(Table, &'static str, Value)]) {
    for (table, name, value) in originals {
        let _ = table.raw_set(*name, value.clone());
    }
}

/// Takes the debugger out of the host: its globals as they were, no hook,
/// nothing stopped; the host runs on, or with `end_host` (the client's
/// `terminateDebuggee`) exits with status 0, as `os.exit(0)` would.
fn detach(_lua: &Lua, done: Sender<()>, end_host: bool) {
    if attached() {
        set_attached(false);
        let taken = HOST.with(|h| {
            h.borrow_mut()
                .as_mut()
                .and_then(|s| s.installed.take().map(|i| (i, Rc::clone(&s.tool), s.main)))
        });
        hook::remove_from_host();
        if let Some((installed, tool, main)) = taken {
            restore(&installed.originals);
            tool.release(&installed.own);
            // The hook of each coroutine removes itself at its next event;
            // the main thread is the one an idle host's signal hooks.
            CURRENT.store(main, Ordering::SeqCst);
        }
        for flag in [&PAUSE, &TERMINATE] {
            flag.store(false, Ordering::SeqCst);
        }
    }
    let _ = done.send(());
    if end_host {
        std::process::exit(0);
    }
}
