//! Typed arguments and bodies of the DAP messages this adapter uses, plus the
//! custom snapshot requests.
//!
//! Names follow the schema's definitions, so a field can be looked up in
//! debugAdapterProtocol.json by the same name.

mod bodies;
mod capabilities;
mod common;
mod events;
mod launch;
mod loaded_sources;
mod requests;
mod responses;
pub mod snapshot;
mod terminal;

pub use bodies::*;
pub use capabilities::*;
pub use common::*;
pub use events::*;
pub use launch::*;
pub use loaded_sources::*;
pub use requests::*;
pub use responses::*;
pub use terminal::*;
