//! The adapter's integration tests, one program: the real binary over real
//! stdio.
//!
//! - `run`: `lua-snapshot run` on the Lua programs of `run/lua/`;
//! - `dap`: `lua-snapshot dap` driven as an editor drives it, every message
//!   checked against the DAP schema, on the Lua programs of `tests/dap/`
//!   (shared with the extension's DebugClient suite);
//! - `modules`: the loadable modules (`target/lua-modules/<runtime>/`,
//!   built by `scripts/build-all.sh`) in Debian's `lua5.4` or `luajit` and
//!   in the C host of `tests/host/`;
//! - `attach`: a host's own DAP server (`lsnapshot.listen`), attached to
//!   over TCP, with the same client and schema checks.
//!
//! The same tests run against `lua-snapshot` (Lua 5.4) or, with
//! `LUA_SNAPSHOT_RUNTIME=luajit`, `lua-snapshot-luajit` (`runtime`).

mod attach;
mod dap;
mod modules;
mod run;
pub mod runtime;
