//! Attach: a host (`tests/dap/attach_host.lua` under `lua-snapshot run`,
//! running the game `attach_game.lua`)
//! opens its own DAP server with `lsnapshot.listen`; the tests attach to it
//! as an editor would.

mod faults;
mod features;
mod flow;
mod host;
