//! The engine's integration tests, one program.

mod cancelled_walk;
mod diagnostics;
#[cfg(feature = "luajit")]
mod luajit;
mod runtime;
mod upvalue_cells;
#[cfg(feature = "lua54")]
mod userdata;
