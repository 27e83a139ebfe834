//! Snapshots taken during a debug session: the store behind the custom DAP
//! requests `takeSnapshot`, `listSnapshots`, `deleteSnapshot`,
//! `diffSnapshots` and `exportSnapshot`.

pub mod export;
pub mod store;
