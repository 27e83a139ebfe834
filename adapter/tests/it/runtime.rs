//! The runtime under test and what belongs to it. The test program is
//! built once (Lua 5.4 features); `LUA_SNAPSHOT_RUNTIME=luajit` points it
//! at `lua-snapshot-luajit`, the LuaJIT modules and Debian's `luajit`
//! (built by `scripts/build-all.sh`; scripts/test-fast.sh runs the program
//! once per runtime). The binary is chosen in `dap::runtime`.

pub use crate::dap::runtime::{binary, luajit, skip_on_luajit};

/// The folder of `target/lua-modules/` with this runtime's modules.
pub fn modules_folder() -> &'static str {
    if luajit() {
        "luajit"
    } else {
        "lua5.4"
    }
}

/// Debian's stand-alone interpreter of this runtime.
pub fn interpreter() -> &'static str {
    if luajit() {
        "luajit"
    } else {
        "lua5.4"
    }
}

/// For a test of LuaJIT only: true (and a line on stderr saying why) when
/// the runtime under test is Lua 5.4.
pub fn skip_on_lua54(why: &str) -> bool {
    if !luajit() {
        eprintln!("skipped on Lua 5.4: {why}");
    }
    !luajit()
}
