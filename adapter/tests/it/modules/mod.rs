//! The loadable modules (`lsnapshot.so`, `snapshot.so`) inside real hosts:
//! Debian's `lua5.4` and the game-like C host of `tests/host/` (Debian's
//! Lua 5.4.4 and the vendored 5.4.9), or for LuaJIT Debian's `luajit` and
//! the same C host (Debian's libluajit 2.1.0-beta3 and the vendored
//! LuaJIT). The scenarios of `run/` for the two
//! libraries hold in every host (`scenarios`); the rest is what only a
//! host has: the layout check's refusal, one tool per state, closing the
//! state, the leak report file.

pub mod built;
pub mod game;
mod game_luajit;

mod close;
mod one_tool;
mod refusal;
mod registry;
mod scenarios;
mod write_report;
