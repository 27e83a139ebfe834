//! Which runtime's binary the DAP and attach tests drive: `lua-snapshot`
//! (Lua 5.4, the default), or with `LUA_SNAPSHOT_RUNTIME=luajit`,
//! `lua5.3` or `lua5.1` the `lua-snapshot-luajit`, `lua-snapshot-5.3` or
//! `lua-snapshot-5.1` next to it (built by `scripts/build-all.sh`; cargo
//! builds one runtime per build, so the test program cannot build both).

use std::path::PathBuf;

/// The runtime asked for: `luajit`, `lua5.3`, `lua5.1`, or `lua5.4` when
/// unset.
pub fn name() -> String {
    std::env::var("LUA_SNAPSHOT_RUNTIME").unwrap_or_else(|_| "lua5.4".into())
}

pub fn luajit() -> bool {
    name() == "luajit"
}

/// The binary of the runtime under test.
pub fn binary() -> PathBuf {
    let lua54 = PathBuf::from(env!("CARGO_BIN_EXE_lua-snapshot"));
    let file = match name().as_str() {
        "lua5.4" => return lua54,
        "luajit" => "lua-snapshot-luajit",
        "lua5.3" => "lua-snapshot-5.3",
        "lua5.1" => "lua-snapshot-5.1",
        other => panic!("LUA_SNAPSHOT_RUNTIME={other}: expected lua5.4, luajit, lua5.3 or lua5.1"),
    };
    let path = lua54.with_file_name(file);
    assert!(
        path.exists(),
        "{} is missing: build it with scripts/build-all.sh",
        path.display()
    );
    path
}

/// Whether the runtime under test is one of `names` (`lua5.4`, `luajit`,
/// `lua5.3`, `lua5.1`).
pub fn one_of(names: &[&str]) -> bool {
    names.contains(&name().as_str())
}

/// For a test of a feature some runtimes lack: true (and a line on stderr
/// saying why) when the runtime under test is one of `names`.
pub fn skip_on(names: &[&str], why: &str) -> bool {
    let skip = one_of(names);
    if skip {
        eprintln!("skipped on {}: {why}", name());
    }
    skip
}

/// For a test of a feature the runtime under test does not have: true
/// (and a line on stderr saying why) when it is LuaJIT.
pub fn skip_on_luajit(why: &str) -> bool {
    if luajit() {
        eprintln!("skipped on LuaJIT: {why}");
    }
    luajit()
}
