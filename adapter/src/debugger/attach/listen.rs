//! `lsnapshot.listen{port = N}` and `lsnapshot.poll()`, on the host's Lua
//! thread.

use std::net::TcpListener;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, OnceLock};

use mlua::{ffi, Lua};

use super::handle::HostHandle;
use super::host::{self, HostSide};
use crate::debugger::control::CURRENT;
use crate::debugger::hook::{self, interrupt, Refs};
use crate::debugger::link::Link;
use crate::debugger::stopped;
use crate::runtime::tool::Tool;

/// The port this process listens on: one host, one listener.
static LISTENING: OnceLock<u16> = OnceLock::new();

/// Starts the DAP server of this host on 127.0.0.1:`port` (0: a free one);
/// returns the port.
pub fn listen(lua: &Lua, tool: &Rc<Tool>, port: u16) -> Result<u16, String> {
    if let Some(port) = LISTENING.get() {
        return Err(format!(
            "lsnapshot.listen: this process already listens on 127.0.0.1:{port}"
        ));
    }
    if hook::active().is_some() {
        return Err(
            "lsnapshot.listen: this program already runs under the lua-snapshot \
                    debugger (launch); attach is for programs that embed Lua themselves"
                .into(),
        );
    }
    let main = main_thread(lua);
    if main.is_null() || lua.current_thread().state() != main {
        return Err("lsnapshot.listen: call it from the main Lua thread, not a coroutine".into());
    }
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("lsnapshot.listen: cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("lsnapshot.listen: {e}"))?
        .port();
    if LISTENING.set(port).is_err() {
        return Err("lsnapshot.listen: this process already listens".into());
    }
    crate::server::log::init_for_host();
    let (entry, caught) =
        entry_functions(lua, tool).map_err(|e| format!("lsnapshot.listen: {e}"))?;
    hook::activate(None, Refs { entry, caught });
    interrupt::install();
    let link = Arc::new(Link::default());
    let (tx, rx) = mpsc::channel();
    link.open(tx);
    let attached = Arc::new(AtomicBool::new(false));
    let handle = HostHandle {
        link,
        closed: Arc::new(AtomicBool::new(false)),
        attached: Arc::clone(&attached),
    };
    CURRENT.store(main, Ordering::SeqCst);
    host::start(HostSide::new(Rc::clone(tool), main, Rc::new(rx), attached));
    watch_close(lua, tool, handle.clone()).map_err(|e| format!("lsnapshot.listen: {e}"))?;
    crate::server::host::serve(listener, handle)
        .map_err(|e| format!("lsnapshot.listen: cannot start the DAP server thread: {e}"))?;
    eprintln!("lsnapshot: DAP server listening on 127.0.0.1:{port}");
    Ok(port)
}

/// Serves what a client queued while the host's Lua is idle; true while a
/// client is attached.
pub fn poll(lua: &Lua) -> bool {
    if LISTENING.get().is_none() {
        return false;
    }
    stopped::poll(lua)
}

/// The entry function the hook calls and the message handler of the
/// `pcall` replacement, created once per host (they belong to the tool).
fn entry_functions(lua: &Lua, tool: &Tool) -> mlua::Result<(i32, i32)> {
    let entry = stopped::entry_function(lua)?;
    let (_uncaught, caught) = stopped::error_handlers(lua)?;
    tool.exclude(mlua::Value::Function(entry.clone()));
    tool.exclude(mlua::Value::Function(caught.clone()));
    let entry = lua.create_registry_value(entry)?;
    let caught = lua.create_registry_value(caught)?;
    let ids = (entry.id(), caught.id());
    // The references live as long as the state.
    std::mem::forget(entry);
    std::mem::forget(caught);
    Ok(ids)
}

/// The host's main thread.
fn main_thread(lua: &Lua) -> *mut ffi::lua_State {
    let l = lua.current_thread().state();
    // SAFETY: inside a callback on `l`, which has stack space for one
    // value.
    unsafe { crate::runtime::host::main_thread(l) }
}

/// Dropped when the host closes its Lua state (`lua_close` collects the
/// registry): from then on nothing may be posted or signalled.
struct CloseWatch(HostHandle);

impl Drop for CloseWatch {
    fn drop(&mut self) {
        self.0.closed.store(true, Ordering::SeqCst);
        self.0.link.close();
        CURRENT.store(std::ptr::null_mut(), Ordering::SeqCst);
        host::closed();
    }
}

fn watch_close(lua: &Lua, tool: &Tool, handle: HostHandle) -> mlua::Result<()> {
    let watch = lua.create_any_userdata(CloseWatch(handle))?;
    tool.exclude(mlua::Value::UserData(watch.clone()));
    lua.set_named_registry_value("lsnapshot.listen", watch)
}
