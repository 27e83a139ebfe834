//! The lua-snapshot engine: heap snapshots of a Lua VM, diffs between them,
//! and retention paths that explain why each object is alive.
//!
//! It reads the VM through `mlua::ffi` and the VM's own object layouts
//! (`vm`), runs no Lua code, calls no metamethod and allocates nothing in the
//! observed state. It knows nothing of DAP or of the command line.

pub mod chunkid;
pub mod classes;
mod depths;
pub mod diagnostics;
pub mod diff;
pub mod dominators;
pub mod heapsnapshot;
pub mod identity;
pub mod live;
pub mod model;
mod pagemap;
pub mod paths;
pub mod ptrmap;
pub mod report;
pub mod uri;
mod vm;
pub mod walk;

pub use diff::{diff, Diff, Growth};
pub use identity::AllocTracker;
pub use model::{Kind, ObjId, Snapshot};
pub use vm::lua54::frame;
pub use vm::lua54::table_slots;
pub use walk::{
    take, take_from_rust, take_with_progress, Exclusions, RootValue, Roots, WalkOptions,
};
