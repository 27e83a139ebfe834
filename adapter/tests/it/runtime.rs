//! The runtime under test and what belongs to it. The test program is
//! built once (Lua 5.4 features); `LUA_SNAPSHOT_RUNTIME=luajit` (`lua5.3`,
//! `lua5.1`) points it at `lua-snapshot-luajit` (`-5.3`, `-5.1`), that
//! runtime's modules and Debian's `luajit` (`lua5.3`, `lua5.1`)
//! (built by `scripts/build-all.sh`; scripts/test-fast.sh runs the program
//! once per runtime). The binary is chosen in `dap::runtime`.

pub use crate::dap::runtime::{binary, luajit, one_of, skip_on, skip_on_luajit};

/// The folder of `target/lua-modules/` with this runtime's modules: the
/// runtime's name (`lua5.4`, `luajit`, `lua5.3`, `lua5.1`).
pub fn modules_folder() -> String {
    crate::dap::runtime::name()
}

/// Debian's stand-alone interpreter of this runtime: its name too.
pub fn interpreter() -> String {
    crate::dap::runtime::name()
}

/// For a test of LuaJIT only: true (and a line on stderr saying why) when
/// the runtime under test is Lua 5.4.
pub fn skip_on_lua54(why: &str) -> bool {
    if !luajit() {
        eprintln!("skipped on Lua 5.4: {why}");
    }
    !luajit()
}
