//! A Lua the engine cannot read is refused when the module is loaded, with
//! an error that names what differs, and nothing else happens.

use std::process::Command;

use super::built::{modules, root};
use super::game::{build, GameLua};

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

/// 32-bit integers (luaconf.h's LUA_INT_TYPE): the TValue check reads a
/// 64-bit integer back and sees another value.
#[test]
fn a_lua_with_32_bit_integers_is_refused() {
    let out = game(GameLua::Int32);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    for (line, name) in lines.iter().zip(["lsnapshot", "snapshot"]) {
        let prefix = format!(
            "{name}\tfalse\t{name}: this Lua's TValue (lua_Integer) layout differs from Lua 5.4's \
             (integer read "
        );
        assert!(line.starts_with(&prefix), "{line}");
        assert!(
            line.ends_with(
                ", expected 0x100000002): built for Lua 5.4.x with the default luaconf.h"
            ),
            "{line}"
        );
    }
    assert_eq!(lines[2], "loaded\tnil\tnil");
    assert_eq!(lines[3], "tool\tnil");
}

/// The same script where the layouts match: the modules load (so the
/// refusal above is the check's doing, not the script's).
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

/// Lua 5.3 has no `lua_newuserdatauv`: its loader refuses the library
/// before any of its code runs (`dlopen` binds every symbol at once), with
/// the name of the missing Lua 5.4 function; the host goes on.
/// Functions of Lua 5.4's API that Lua 5.3 does not have.
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

#[test]
fn lua_5_3_refuses_the_library_at_load() {
    let mut cmd = Command::new("lua5.3");
    cmd.env("LUA_CPATH", modules().join("?.so"));
    let out = run_refused(&mut cmd);
    let lines: Vec<&str> = out.lines().collect();
    for (line, name) in lines.iter().zip(["lsnapshot", "snapshot"]) {
        assert!(
            line.starts_with(&format!("{name}\tfalse\terror loading module '{name}'")),
            "{line}"
        );
        // Which one the loader meets first depends on the link order.
        let missing = line.rsplit("undefined symbol: ").next().unwrap_or("");
        assert!(LUA_54_ONLY.contains(&missing), "{line}");
    }
    assert_eq!(lines[2], "loaded\tnil\tnil");
}
