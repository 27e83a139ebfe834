//! Version-specific knowledge of the Lua VM: one module per runtime, with
//! the same functions, and `current` naming the one this build reads (one
//! Lua per build, see the engine's features). Nothing outside this module
//! knows an object layout.

#[cfg(feature = "lua54")]
pub mod lua54;
#[cfg(feature = "lua54")]
pub use lua54 as current;

#[cfg(feature = "luajit")]
pub mod luajit;
#[cfg(feature = "luajit")]
pub use luajit as current;

#[cfg(feature = "lua53")]
pub mod lua53;
#[cfg(feature = "lua53")]
pub use lua53 as current;

#[cfg(feature = "lua51")]
pub mod lua51;
#[cfg(feature = "lua51")]
pub use lua51 as current;

#[cfg(any(feature = "lua53", feature = "lua51"))]
mod classic;
pub mod frame_common;
mod probe;
pub mod table_slots;
mod variants;
