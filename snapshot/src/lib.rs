//! The lua-snapshot engine: heap snapshots of a Lua VM, diffs between them,
//! and retention paths that explain why each object is alive.
//!
//! It reads the VM through `mlua::ffi` and the VM's own object layouts
//! (`vm`), runs no Lua code, calls no metamethod and allocates nothing in the
//! observed state. It knows nothing of DAP or of the command line.

// The runtime seam: one Lua per build (see Cargo.toml's features).
#[cfg(not(any(
    feature = "lua54",
    feature = "luajit",
    feature = "lua53",
    feature = "lua51"
)))]
compile_error!(
    "lua-snapshot-engine: no Lua runtime selected; enable exactly one of the features `lua54`, `luajit`, `lua53`, `lua51`"
);
#[cfg(any(
    all(
        feature = "lua54",
        any(feature = "luajit", feature = "lua53", feature = "lua51")
    ),
    all(feature = "luajit", any(feature = "lua53", feature = "lua51")),
    all(feature = "lua53", feature = "lua51"),
))]
compile_error!(
    "lua-snapshot-engine: the features `lua54`, `luajit`, `lua53` and `lua51` exclude each other (one Lua per build: build the binaries one at a time, scripts/build-all.sh)"
);
#[cfg(all(feature = "vendored", feature = "module"))]
compile_error!(
    "lua-snapshot-engine: features `vendored` (Lua built into the binary) and `module` (the host's Lua) exclude each other; a loadable module is built on its own (host-module/, scripts/build-all.sh)"
);

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
pub use vm::current::check as layout_check;
pub use vm::current::frame;
pub use vm::current::heap_bytes;
pub use vm::current::top_object;
pub use vm::table_slots;
pub use walk::{
    take, take_cancellable, take_from_rust, take_with_progress, Exclusions, RootValue, Roots,
    WalkOptions, WalkProgress, PROGRESS_STEP,
};
