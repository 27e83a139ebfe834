//! What the attach mode (`attach/`) lets the stop loop call on the host's
//! thread, without `stopped/` importing `attach/` (imports run one way:
//! `attach/` -> `stopped/` -> `hook/`).
//!
//! In launch mode nothing is registered: a `Detach` only answers `done`,
//! and with no debugger active there is nothing to serve.

use std::cell::Cell;
use std::sync::mpsc::Sender;

use mlua::Lua;

/// The attach mode's entry points on the host thread.
#[derive(Clone, Copy)]
pub struct HostCalls {
    /// Serves the queue while no client is attached (an `attach` among it).
    pub idle: fn(&Lua),
    /// Removes the debugger from the host; `done` hears when it is gone;
    /// with the last argument the host process then exits.
    pub detach: fn(&Lua, Sender<()>, bool),
}

thread_local! {
    static CALLS: Cell<Option<HostCalls>> = const { Cell::new(None) };
}

/// Registers the attach mode on this (the host's Lua) thread.
pub fn register(calls: HostCalls) {
    CALLS.with(|c| c.set(Some(calls)));
}

/// Serves an idle host's queue; false in launch mode.
pub fn idle(lua: &Lua) -> bool {
    match CALLS.with(Cell::get) {
        Some(calls) => {
            (calls.idle)(lua);
            true
        }
        None => false,
    }
}

/// Detaches the client from the host (attach mode), or only answers.
pub fn detach(lua: &Lua, done: Sender<()>, end_host: bool) {
    match CALLS.with(Cell::get) {
        Some(calls) => (calls.detach)(lua, done, end_host),
        None => {
            let _ = done.send(());
        }
    }
}
