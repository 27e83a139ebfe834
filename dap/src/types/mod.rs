//! Typed arguments and bodies of the DAP messages this adapter uses, plus the
//! custom snapshot requests.
//!
//! Names follow the schema's definitions, so a field can be looked up in
//! debugAdapterProtocol.json by the same name.

mod bodies;
mod capabilities;
mod common;
mod completions;
mod events;
mod function_breakpoints;
mod launch;
mod loaded_sources;
mod requests;
mod responses;
mod restart_frame;
mod set_expression;
pub mod snapshot;
mod terminal;

pub use bodies::*;
pub use capabilities::*;
pub use common::*;
pub use completions::*;
pub use events::*;
pub use function_breakpoints::*;
pub use launch::*;
pub use loaded_sources::*;
pub use requests::*;
pub use responses::*;
pub use restart_frame::*;
pub use set_expression::*;
pub use terminal::*;
