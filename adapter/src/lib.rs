//! The `lua-snapshot` library: the embedded runtime (the VM and the Lua
//! modules `lsnapshot` and `snapshot`), the debugger, the DAP server and the
//! session's snapshot store. The `lua-snapshot` binary (`main.rs`, `cli/`)
//! and the loadable modules (`host-module/`) are built on it.

pub mod debugger;
pub mod runtime;
pub mod server;
pub mod snapshots;
