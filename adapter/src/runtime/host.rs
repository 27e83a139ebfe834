//! The tool inside a host's own Lua state: what the loadable modules
//! (`host-module/`: `luaopen_lsnapshot`, `luaopen_snapshot`) open.
//!
//! - The host's layouts are checked first (`snapshot::layout_check`); on a
//!   mismatch `require` fails and nothing else happens.
//! - One tool per `lua_State`: the first `luaopen_` of either name creates
//!   the tool (allocator wrapper, both module tables) and keeps both tables
//!   in the registry under [`STASH`]; every later `luaopen_`, from the same
//!   file or another copy of the library, returns the stashed table. A
//!   second copy never runs its own code on the state, so only one
//!   allocator wrapper is ever installed.
//! - The library that installed the wrapper is pinned (the caller's `pin`):
//!   `lua_close` unloads C libraries, and frees through the allocator
//!   afterwards.
//! - At `lua_close`, the tool's finalizer ([`Closer`]) puts the host's own
//!   allocator back and frees the snapshots; the tool's small remaining
//!   state (exclusions, the wrapper's record) is left allocated, since
//!   mlua values it holds cannot be dropped once the state is closing.
//!
//! Everything runs on the thread that calls into the modules.

use std::collections::HashSet;
use std::ffi::CStr;
use std::os::raw::c_int;
use std::rc::Rc;

use mlua::{ffi, Lua, Table, UserData};
use snapshot::layout_check::{self, Mismatch};
use snapshot::AllocTracker;

use super::tool::Tool;
use super::{lsnapshot, snapshot_api};

/// Registry key of the table `{lsnapshot = …, snapshot = …}` of the state's
/// tool: a string, so that every copy of the library finds it.
pub const STASH: &CStr = c"lua-snapshot.modules";

/// Which module a `luaopen_` function returns.
#[derive(Clone, Copy)]
pub enum Module {
    Lsnapshot,
    Snapshot,
}

impl Module {
    fn name(self) -> &'static CStr {
        match self {
            Module::Lsnapshot => c"lsnapshot",
            Module::Snapshot => c"snapshot",
        }
    }

    fn shown(self) -> &'static str {
        match self {
            Module::Lsnapshot => "lsnapshot",
            Module::Snapshot => "snapshot",
        }
    }
}

/// The body of `luaopen_lsnapshot` / `luaopen_snapshot`. `pin` keeps the
/// calling library loaded for the life of the process.
///
/// # Safety
/// `l` is the state Lua passed to a `luaopen_` function, on its thread.
pub unsafe fn luaopen(
    l: *mut ffi::lua_State,
    module: Module,
    pin: fn() -> Result<(), String>,
) -> c_int {
    // SAFETY: `l` is a live state inside a C call (the caller's contract).
    // The raw API calls below either cannot raise or raise only memory
    // errors; `raise` is reached with no Rust value left to drop.
    unsafe {
        if let Err(m) = layout_check::host(l) {
            return raise(l, format!("{}: {}", module.shown(), mismatch_text(&m)));
        }
        ffi::lua_getfield(l, ffi::LUA_REGISTRYINDEX, STASH.as_ptr());
        if ffi::lua_type(l, -1) == ffi::LUA_TTABLE {
            ffi::lua_getfield(l, -1, module.name().as_ptr());
            if ffi::lua_type(l, -1) == ffi::LUA_TTABLE {
                return 1;
            }
            return raise(
                l,
                format!(
                    "{}: registry[\"{}\"] is not the one lua-snapshot keeps (another version?)",
                    module.shown(),
                    STASH.to_string_lossy()
                ),
            );
        }
        ffi::lua_pop(l, 1);
        if let Err(e) = pin() {
            return raise(l, format!("{}: {e}", module.shown()));
        }
        let host_keys = registry_refs(l, |_| {});
        Lua::entrypoint1(l, move |lua| {
            let modules = open(lua, l)?;
            // What mlua and the tool put in the registry's references is
            // the tool's; the rest is the host's, and walked. mlua replaces
            // the values under its light-userdata keys as it goes: those
            // entries are the tool's whatever they hold.
            let tool = &modules.tool;
            registry_refs(l, |key| match key {
                _ if host_keys.contains(&key) => {}
                RefKey::Light(key) => tool.exclude_registry_entry(key as *const _),
                RefKey::Int(_) => {
                    if let Some(object) = snapshot::top_object(l as *const _) {
                        tool.exclude_permanent(object);
                    }
                }
            });
            tool.host_registry.set(true);
            Ok(match module {
                Module::Lsnapshot => modules.lsnapshot,
                Module::Snapshot => modules.snapshot,
            })
        })
    }
}

fn mismatch_text(m: &Mismatch) -> String {
    m.to_string()
}

/// Raises `msg` as a Lua error.
///
/// # Safety
/// Inside a C call on `l`, with no Rust value of the caller's frames left
/// to drop (the error jumps over them).
unsafe fn raise(l: *mut ffi::lua_State, msg: String) -> c_int {
    // SAFETY: the caller's contract; `msg` is copied into the state and
    // dropped before the jump.
    unsafe {
        ffi::lua_pushlstring(l, msg.as_ptr() as *const _, msg.len());
        drop(msg);
        ffi::lua_error(l)
    }
}

struct Modules {
    lsnapshot: Table,
    snapshot: Table,
    tool: Rc<Tool>,
}

/// A registry key that holds no name: an integer reference (`luaL_ref`) or
/// a light userdata (mlua's keys).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum RefKey {
    Int(i64),
    Light(usize),
}

/// The registry's [`RefKey`]s; `each` sees every one with its value on top
/// of the stack.
///
/// # Safety
/// Inside a C call on `l`, with two free stack slots.
unsafe fn registry_refs(l: *mut ffi::lua_State, mut each: impl FnMut(RefKey)) -> HashSet<RefKey> {
    let mut keys = HashSet::new();
    // SAFETY: lua_next over the registry with keys left unchanged cannot
    // raise; each pair is popped before the next step.
    unsafe {
        ffi::lua_pushnil(l);
        while ffi::lua_next(l, ffi::LUA_REGISTRYINDEX) != 0 {
            let key = match ffi::lua_type(l, -2) {
                ffi::LUA_TNUMBER if ffi::lua_isinteger(l, -2) != 0 => {
                    Some(RefKey::Int(ffi::lua_tointeger(l, -2)))
                }
                ffi::LUA_TLIGHTUSERDATA => Some(RefKey::Light(ffi::lua_touserdata(l, -2) as usize)),
                _ => None,
            };
            if let Some(key) = key {
                each(key);
                keys.insert(key);
            }
            ffi::lua_pop(l, 1);
        }
    }
    keys
}

/// The main thread of `l`'s state: in the registry on Lua 5.4 and 5.3, in
/// the global state on LuaJIT and 5.1.
///
/// # Safety
/// `l` is the running thread, inside a C call (one free stack slot).
pub(crate) unsafe fn main_thread(l: *mut ffi::lua_State) -> *mut ffi::lua_State {
    // SAFETY: the caller's contract.
    #[cfg(any(feature = "luajit", feature = "lua51"))]
    return unsafe { snapshot::frame::main_thread(l as *const _) as *mut ffi::lua_State };
    // SAFETY: the caller's contract; reading the registry's main-thread
    // slot cannot raise.
    #[cfg(any(feature = "lua54", feature = "lua53"))]
    unsafe {
        ffi::lua_rawgeti(l, ffi::LUA_REGISTRYINDEX, ffi::LUA_RIDX_MAINTHREAD);
        let main = ffi::lua_tothread(l, -1);
        ffi::lua_pop(l, 1);
        main
    }
}

/// Creates the state's tool and both module tables, and stashes them.
///
/// # Safety
/// `l` passed the layout check and has no tool yet; inside a C call.
unsafe fn open(lua: &Lua, l: *mut ffi::lua_State) -> mlua::Result<Modules> {
    // SAFETY: the main thread lives until the state closes; the wrapper is
    // installed with no allocation under way (we are in a C call).
    let (main, tracker) = unsafe {
        let main = main_thread(l);
        (main, AllocTracker::install(main))
    };
    let base_dir = std::env::current_dir().unwrap_or_else(|_| "/".into());
    let tool = Rc::new(Tool::new(tracker, base_dir));
    // Every mlua value the tool holds must outlive the state (see the
    // module's notes): this reference is never given back.
    std::mem::forget(Rc::clone(&tool));
    let closer = lua.create_userdata(Closer {
        tool: Some(Rc::clone(&tool)),
        main,
    })?;
    tool.exclude(mlua::Value::UserData(closer.clone()));
    // As in `ScriptVm::new`: lauxlib's buffer metatable, made now, stays
    // out of the first diff (a host without the string library skips it).
    let _ = lua.load("string.rep('x', 4096)").exec();
    let modules = Modules {
        lsnapshot: lsnapshot::create(lua, &tool)?,
        snapshot: snapshot_api::create(lua, &tool)?,
        tool: Rc::clone(&tool),
    };
    let stash = lua.create_table()?;
    stash.raw_set("lsnapshot", &modules.lsnapshot)?;
    stash.raw_set("snapshot", &modules.snapshot)?;
    stash.raw_set("closer", closer)?;
    tool.exclude(mlua::Value::Table(stash.clone()));
    lua.set_named_registry_value(&STASH.to_string_lossy(), stash)?;
    Ok(modules)
}

/// Finalized when the host closes its state: puts the host's allocator back
/// and frees the snapshots the tool holds.
struct Closer {
    tool: Option<Rc<Tool>>,
    main: *mut ffi::lua_State,
}

impl UserData for Closer {}

impl Drop for Closer {
    fn drop(&mut self) {
        let Some(tool) = self.tool.take() else {
            return;
        };
        // SAFETY: `main` is the state's main thread, alive while its
        // finalizers run; after this the VM no longer calls the wrapper.
        unsafe { tool.tracker.uninstall(self.main) };
        tool.lsnapshot_start.borrow_mut().take();
        tool.tracker.prune();
        // The tool's mlua values must not be dropped while the state closes.
        std::mem::forget(tool);
    }
}
