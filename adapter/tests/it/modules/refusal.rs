//! A Lua the engine cannot read is refused when the module is loaded, with
//! an error that names what differs, and nothing else happens.

use std::process::Command;

use super::built::{modules, root};
use super::game::{build, GameLua};
use crate::runtime::{skip_on_lua54, skip_on_luajit};

fn run_refused(cmd: &mut Command) -> String {
    let script = root().join("adapter/tests/it/modules/lua/refused.lua");
    let out = cmd.arg(script).output().expect("cannot start the host");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{stderr}");
    assert_eq!(stderr, "");
    super::game::script_output(&String::from_utf8_lossy(&out.stdout))
}

fn game(lua: GameLua) -> String {
    run_refused(Command::new(build(lua)).arg(modules()))
}

/// The game host built against `lua` refuses both modules, each with the
/// message `message` accepts; nothing is loaded, no tool made.
fn game_refuses(lua: GameLua, message: impl Fn(&str) -> bool) {
    let out = game(lua);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    for (line, name) in lines.iter().zip(["lsnapshot", "snapshot"]) {
        let text = line
            .strip_prefix(&format!("{name}\tfalse\t{name}: "))
            .unwrap_or_else(|| panic!("{line}"));
        assert!(message(text), "{line}");
    }
    assert_eq!(lines[2], "loaded\tfalse\tfalse");
    assert_eq!(lines[3], "tool\tnil");
}

/// 32-bit integers (luaconf.h's LUA_INT_TYPE): the TValue check reads a
/// 64-bit integer back and sees another value.
#[test]
fn a_lua_with_32_bit_integers_is_refused() {
    if skip_on_luajit("LuaJIT has no integer subtype") {
        return;
    }
    game_refuses(GameLua::Int32, |text| {
        text.starts_with(
            "this Lua's TValue (lua_Integer) layout differs from Lua 5.4's (integer read ",
        ) && text
            .ends_with(", expected 0x100000002): built for Lua 5.4.x with the default luaconf.h")
    });
}

/// LuaJIT built without GC64 (32-bit object references): the check reads
/// a thread's header where GC64 puts its type and says what is wrong.
#[test]
fn a_luajit_without_gc64_is_refused() {
    if skip_on_lua54("a LuaJIT build") {
        return;
    }
    game_refuses(GameLua::NonGc64, |text| {
        text == "this LuaJIT is not built with GC64 (its objects have 32-bit references): \
                 built for LuaJIT 2.1 with GC64, the x86-64 default \
                 (check with require('ffi').abi('gc64'))"
    });
}

/// The same script where the layouts match: the modules load (so the
/// refusals above are the check's doing, not the script's).
#[test]
fn the_same_script_loads_in_debians_and_the_vendored_lua() {
    for lua in [GameLua::Debian, GameLua::Vendored] {
        let out = game(lua);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("lsnapshot\ttrue\t"), "{lua:?}: {out}");
        assert!(lines[1].starts_with("snapshot\ttrue\t"), "{lua:?}: {out}");
        assert!(lines[3].starts_with("tool\ttable: "), "{lua:?}: {out}");
    }
}

/// Functions of Lua 5.4's API that Lua 5.3 and LuaJIT do not have.
const LUA_54_ONLY: &[&str] = &[
    "lua_newuserdatauv",
    "lua_getiuservalue",
    "lua_setiuservalue",
    "lua_setwarnf",
    "lua_warning",
    "lua_resetthread",
    "lua_closethread",
    "lua_setcstacklimit",
    "lua_toclose",
    "lua_closeslot",
];

/// Functions of LuaJIT's API that Lua 5.4 does not have (the ones the
/// LuaJIT modules use: Lua 5.1's, and LuaJIT's own).
const LUAJIT_ONLY: &[&str] = &[
    "luaJIT_profile_start",
    "luaJIT_profile_stop",
    "luaJIT_setmode",
    "luaL_loadbuffer",
    "lua_call",
    "lua_cpcall",
    "lua_insert",
    "lua_newuserdata",
    "lua_objlen",
    "lua_pcall",
    "lua_remove",
    "lua_replace",
    "lua_setfenv",
    "lua_tonumber",
    "luaopen_bit",
    "luaopen_ffi",
    "luaopen_jit",
];

/// The modules of one runtime in another's interpreter: its loader refuses
/// the library before any of its code runs (`dlopen` binds every symbol
/// at once), with the name of a function the interpreter's Lua lacks
/// (`missing`); the interpreter goes on.
fn refused_at_load(interpreter: &str, missing: &[&str]) {
    let mut cmd = Command::new(interpreter);
    cmd.env("LUA_CPATH", modules().join("?.so"));
    let out = run_refused(&mut cmd);
    let lines: Vec<&str> = out.lines().collect();
    for (line, name) in lines.iter().zip(["lsnapshot", "snapshot"]) {
        assert!(
            line.starts_with(&format!("{name}\tfalse\terror loading module '{name}'")),
            "{interpreter}: {line}"
        );
        // Which one the loader meets first depends on the link order.
        let symbol = line.rsplit("undefined symbol: ").next().unwrap_or("");
        assert!(missing.contains(&symbol), "{interpreter}: {line}");
    }
    assert_eq!(lines[2], "loaded\tfalse\tfalse", "{interpreter}");
}

/// Functions of Lua 5.3's and 5.4's API that LuaJIT does not have (the
/// ones the Lua 5.4 modules use).
const LUA_5X_ONLY: &[&str] = &[
    "luaL_getsubtable",
    "luaL_requiref",
    "luaL_tolstring",
    "lua_absindex",
    "lua_callk",
    "lua_getglobal",
    "lua_isinteger",
    "lua_newuserdatauv",
    "lua_pcallk",
    "lua_rawgetp",
    "lua_rawlen",
    "lua_rawsetp",
    "lua_rotate",
    "lua_setglobal",
    "lua_setiuservalue",
    "lua_setwarnf",
    "lua_yieldk",
    "luaopen_coroutine",
    "luaopen_utf8",
];

/// The Lua 5.4 modules in Lua 5.3 and in LuaJIT.
#[test]
fn lua_5_3_and_luajit_refuse_the_lua_5_4_library_at_load() {
    if skip_on_luajit("the Lua 5.4 modules") {
        return;
    }
    refused_at_load("lua5.3", LUA_54_ONLY);
    refused_at_load("luajit", LUA_5X_ONLY);
}

/// The LuaJIT modules in Lua 5.4.
#[test]
fn lua_5_4_refuses_the_luajit_library_at_load() {
    if skip_on_lua54("the LuaJIT modules") {
        return;
    }
    refused_at_load("lua5.4", LUAJIT_ONLY);
}
