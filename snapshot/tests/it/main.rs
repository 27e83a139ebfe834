//! The engine's integration tests, one program.

mod cancelled_walk;
#[cfg(any(feature = "lua53", feature = "lua51"))]
mod classic;
mod diagnostics;
#[cfg(any(feature = "lua53", feature = "lua51"))]
mod found;
#[cfg(not(feature = "luajit"))]
mod frame;
#[cfg(feature = "lua51")]
mod lua51;
#[cfg(feature = "lua53")]
mod lua53;
#[cfg(feature = "luajit")]
mod luajit;
mod runtime;
mod upvalue_cells;
#[cfg(feature = "lua54")]
mod userdata;
