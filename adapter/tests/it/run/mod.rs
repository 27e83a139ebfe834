//! `lua-snapshot run`: reports, paths and the Lua libraries, one module per
//! topic; `support` runs the binary and parses its reports.

mod support;

mod accumulator;
mod address_reuse;
mod bad_input;
mod big_heap;
mod closure_factory;
mod coroutines;
mod cycles;
mod heapsnapshot;
mod locked_metatable;
mod long_list;
mod lsnapshot_seed;
mod sizes;
mod snapshot_api;
mod strings;
mod temporaries;
mod tool_frames;
mod upvalue_cells;
mod userdata;
mod weak_tables;
