//! The embedded Lua VM that runs a user's script, with the tool's Lua modules
//! (`lsnapshot`, `snapshot`) preloaded. Shared by `run` and the debug adapter.

pub mod exit;
pub mod flavor;
pub mod host;
mod leak_report;
mod listen_api;
mod lsnapshot;
pub mod output;
pub mod script;
mod snapshot_api;
pub mod tool;
pub mod vm;
