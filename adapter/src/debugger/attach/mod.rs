//! Attach: the debugger inside a host's own Lua (a game, a server), reached
//! by an editor over DAP. The sibling of `launch/`, reusing `hook/` and
//! `stopped/`.
//!
//! `lsnapshot.listen{port = N}` ([`listen`]) runs on the host's Lua thread:
//! it binds 127.0.0.1:N and starts the DAP server on a thread of its own
//! (`crate::server::host`). That thread never touches Lua. What the client
//! asks is queued on the same channel as in launch mode (`link.rs`) and
//! served on the host's Lua thread only:
//!
//! - while Lua runs: the signal of `hook/interrupt.rs` adds a count hook to
//!   the running Lua thread (the main thread until a client attached), and
//!   the next instruction enters the debugger's entry function, which
//!   serves the queue (`host.rs` while no client is attached);
//! - while the host's Lua is idle (between frames, in C code): at
//!   [`poll`], which a host calls from its frame loop.
//!
//! `attach` installs the debugger (hooks, the `pcall`/`coroutine`
//! replacements, `debug.sethook`'s chaining) and answers; `disconnect` or a
//! lost connection removes all of it and the host runs on as before
//! (`host.rs`). The server side holds a [`HostHandle`].

mod handle;
mod host;
mod listen;

pub use handle::HostHandle;
pub use listen::{listen, poll};
