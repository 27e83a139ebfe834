//! Which runtime's binary the DAP and attach tests drive: `lua-snapshot`
//! (Lua 5.4, the default), or with `LUA_SNAPSHOT_RUNTIME=luajit` the
//! `lua-snapshot-luajit` next to it (built by `scripts/build-all.sh`; cargo
//! builds one runtime per build, so the test program cannot build both).

use std::path::PathBuf;

/// The runtime asked for: `luajit`, or `lua5.4` when unset.
pub fn name() -> String {
    std::env::var("LUA_SNAPSHOT_RUNTIME").unwrap_or_else(|_| "lua5.4".into())
}

pub fn luajit() -> bool {
    name() == "luajit"
}

/// The binary of the runtime under test.
pub fn binary() -> PathBuf {
    let lua54 = PathBuf::from(env!("CARGO_BIN_EXE_lua-snapshot"));
    match name().as_str() {
        "lua5.4" => lua54,
        "luajit" => {
            let path = lua54.with_file_name("lua-snapshot-luajit");
            assert!(
                path.exists(),
                "{} is missing: build it with scripts/build-all.sh",
                path.display()
            );
            path
        }
        other => panic!("LUA_SNAPSHOT_RUNTIME={other}: expected lua5.4 or luajit"),
    }
}

/// For a test of a feature the runtime under test does not have: true
/// (and a line on stderr saying why) when it is LuaJIT.
pub fn skip_on_luajit(why: &str) -> bool {
    if luajit() {
        eprintln!("skipped on LuaJIT: {why}");
    }
    luajit()
}
