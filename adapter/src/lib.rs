//! The `lua-snapshot` library: the embedded runtime (the VM and the Lua
//! modules `lsnapshot` and `snapshot`), the debugger, the DAP server and the
//! session's snapshot store. The binaries (`main.rs`, `main_luajit.rs`: the
//! command line of `cli/`) and the loadable modules (`host-module/`) are
//! built on it.

#[cfg(feature = "cli")]
pub mod cli;
pub mod debugger;
pub mod runtime;
pub mod server;
pub mod snapshots;
