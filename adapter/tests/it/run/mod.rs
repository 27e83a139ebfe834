//! `lua-snapshot run`: reports, paths and the Lua libraries, one module per
//! topic; `support` runs the binary and parses its reports.

pub mod support;

pub mod accumulator;
pub mod address_reuse;
pub mod bad_input;
mod big_heap;
mod cdata;
mod closure_factory;
mod coroutines;
pub mod cycles;
mod heapsnapshot;
mod locked_metatable;
mod long_list;
pub mod lsnapshot_seed;
mod sizes;
pub mod snapshot_api;
mod strings;
pub mod temporaries;
pub mod tool_frames;
mod upvalue_cells;
pub mod userdata;
pub mod weak_tables;
