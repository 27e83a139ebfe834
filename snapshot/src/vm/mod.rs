//! Version-specific knowledge of the Lua VM. Only Lua 5.4 for now; 5.1, 5.3
//! and LuaJIT get sibling modules exposing the same functions.

pub mod lua54;
