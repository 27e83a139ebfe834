//! The debugger: what runs on the VM thread, and the handle the DAP server
//! holds on it.
//!
//! Threads: the server thread (`crate::server`) reads requests and owns a
//! [`VmHandle`]; the VM thread owns the `Lua` state (mlua's `Lua` is not
//! `Send`) and runs the script. They talk through a command channel
//! ([`link`]). While the script is stopped, the VM thread waits on that
//! channel inside the hook; while it runs, a posted command raises
//! `control::INTERRUPT` and a signal makes the VM thread service the channel
//! at its next Lua instruction (`hook/interrupt.rs`), then go on without a
//! `stopped` event. The snapshot requests use this path to walk the heap of
//! a running script.
//!
//! The folders say what runs where:
//!
//! - `hook/`: the hot path, run at Lua events (calls, returns, lines) while
//!   the script runs. Its caches and shortcuts are private; the rest of the
//!   debugger sees the surface in `hook/mod.rs`.
//! - `stopped/`: what runs while the program is stopped (or interrupted):
//!   the stop loop, requests, frames, variables, values, evaluation,
//!   snapshots.
//! - `launch/`: the script we load and run ourselves on a thread of our own.
//! - `attach/`: the debugger inside a host's own Lua, on the host's thread
//!   (`lsnapshot.listen`), served at hook points and `lsnapshot.poll()`.
//!
//! Shared by all three: `state` (the session's data, no policy), `control`
//! (flags the signal handler reads), `command`/`link` (server -> VM),
//! `host_calls` (what `stopped/` calls back in an attached host),
//! `breakpoints` (what the client set) and `sources` (naming code).

mod attach;
pub mod breakpoints;
pub mod cancel;
mod command;
mod control;
mod exception_filters;
mod frame_access;
mod function_poll;
mod hook;
mod host_calls;
mod launch;
mod link;
mod loaded_sources;
pub mod sources;
mod state;
mod stopped;
mod table_pages;

pub use attach::{listen, poll, HostHandle};
pub use command::{AttachOrder, Command};
pub use control::claim_end;
pub use exception_filters::{set_exception_filters, ExceptionFilters};
pub use launch::{spawn, stuck_message, LaunchConfig, VmHandle};

/// `restartFrame` works on this runtime: on LuaJIT it does not (the
/// debugger's `pcall` is Lua there, `hook/pcall_luajit.rs`, and a frame
/// cannot be left and called again by it); on Lua 5.1 not yet (the
/// debugger finds no frame it can restart there: open work).
pub const RESTART_FRAME: bool = cfg!(not(any(feature = "luajit", feature = "lua51")));

/// `loadedSources` works on this runtime: it rides on the allocator
/// naming new prototypes, which LuaJIT's and 5.1's do not (`hook/jit.rs`).
pub const LOADED_SOURCES: bool = cfg!(not(any(feature = "luajit", feature = "lua51")));
