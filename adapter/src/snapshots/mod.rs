//! Snapshots taken during a debug session: the store behind the custom DAP
//! requests `takeSnapshot`, `listSnapshots`, `deleteSnapshot`,
//! `diffSnapshots`, `exportSnapshot` and `snapshotSummary`.

pub mod export;
pub mod store;
pub mod summary;
