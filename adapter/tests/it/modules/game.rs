//! The game-like C host of `tests/host/host.c`, built by the tests into
//! `target/host/` against one of the builds of the test program's runtime:
//! three of Lua 5.4, two of LuaJIT (`game_luajit`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use super::built::root;
use crate::runtime::luajit;

/// The Lua a host is built against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GameLua {
    /// Debian's liblua5.4-dev (5.4.4) or libluajit-5.1-dev (2.1.0-beta3),
    /// linked dynamically.
    Debian,
    /// The sources mlua vendors (the `lua-src` crate, 5.4.9), linked in;
    /// for LuaJIT the static library the `luajit-src` crate built for the
    /// binary.
    Vendored,
    /// Lua 5.4's sources with `LUA_INT_TYPE` set to `int` in luaconf.h: a
    /// Lua whose integers are 32-bit, which the modules must refuse.
    Int32,
    /// The vendored LuaJIT's sources built without GC64 (the layout of
    /// 32-bit GC references), which the modules must refuse.
    NonGc64,
}

impl GameLua {
    fn name(self) -> &'static str {
        match self {
            GameLua::Debian if luajit() => "host-luajit-debian",
            GameLua::Vendored if luajit() => "host-luajit-vendored",
            GameLua::Debian => "host-debian",
            GameLua::Vendored => "host-vendored",
            GameLua::Int32 => "host-int32",
            GameLua::NonGc64 => "host-luajit-nogc64",
        }
    }
}

/// The host built against `lua` (built once per test run, or when
/// `host.c` changed).
pub fn build(lua: GameLua) -> PathBuf {
    static BUILT: OnceLock<Mutex<Vec<(GameLua, PathBuf)>>> = OnceLock::new();
    let built = BUILT.get_or_init(|| Mutex::new(Vec::new()));
    let mut built = built.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, path)) = built.iter().find(|(l, _)| *l == lua) {
        return path.clone();
    }
    let path = compile(lua).unwrap_or_else(|e| panic!("cannot build the {lua:?} test host: {e}"));
    built.push((lua, path.clone()));
    path
}

fn compile(lua: GameLua) -> Result<PathBuf, String> {
    let root = root();
    let source = root.join("tests/host/host.c");
    let out_dir = root.join("target/host");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let out = out_dir.join(lua.name());
    let tmp = out_dir.join(format!(".{}.{}", lua.name(), std::process::id()));
    let mut cc = Command::new("cc");
    cc.args(["-O1", "-Wall", "-o"]).arg(&tmp).arg(&source);
    if luajit() {
        super::game_luajit::link(lua, &mut cc)?;
    } else {
        link_lua54(lua, &mut cc, &out_dir)?;
    }
    let result = cc.output().map_err(|e| format!("cc: {e}"))?;
    if !result.status.success() {
        return Err(format!(
            "cc failed (Debian's host needs liblua5.4-dev or libluajit-5.1-dev: scripts/apt-install-missing.sh PACKAGE):\n{}",
            String::from_utf8_lossy(&result.stderr)
        ));
    }
    std::fs::rename(&tmp, &out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Adds the include folder and the library of the Lua 5.4 `lua` to `cc`.
fn link_lua54(lua: GameLua, cc: &mut Command, out_dir: &Path) -> Result<(), String> {
    match lua {
        GameLua::Debian => {
            cc.args(["-I/usr/include/lua5.4", "-llua5.4"]);
        }
        GameLua::Vendored | GameLua::Int32 => {
            let src = lua_sources(lua, out_dir)?;
            cc.arg("-DLUA_USE_LINUX")
                .arg(format!("-I{}", src.display()));
            for c in std::fs::read_dir(&src).map_err(|e| e.to_string())? {
                let c = c.map_err(|e| e.to_string())?.path();
                let name = c.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name.ends_with(".c") && name != "lua.c" && name != "luac.c" {
                    cc.arg(c);
                }
            }
            // The modules find Lua's functions in the executable.
            cc.args(["-lm", "-ldl", "-Wl,-E"]);
        }
        GameLua::NonGc64 => return Err("NonGc64 is a LuaJIT build".into()),
    }
    Ok(())
}

/// The Lua 5.4 sources of the `lua-src` crate (in cargo's registry, since
/// the workspace's vendored build uses them); for `Int32`, a copy with the
/// changed luaconf.h under `out_dir`.
fn lua_sources(lua: GameLua, out_dir: &Path) -> Result<PathBuf, String> {
    let src = registry_crate("lua-src-", "lua-5.4.9/lua.h")?.join("lua-5.4.9");
    if lua != GameLua::Int32 {
        return Ok(src);
    }
    let copy = out_dir.join("lua-5.4.9-int32");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).map_err(|e| e.to_string())?;
    for file in std::fs::read_dir(&src)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        std::fs::copy(file.path(), copy.join(file.file_name())).map_err(|e| e.to_string())?;
    }
    let conf = copy.join("luaconf.h");
    let text = std::fs::read_to_string(&conf).map_err(|e| e.to_string())?;
    let default = "#define LUA_INT_TYPE\tLUA_INT_DEFAULT";
    if !text.contains(default) {
        return Err(format!("{} lacks {default:?}", conf.display()));
    }
    std::fs::write(
        &conf,
        text.replace(default, "#define LUA_INT_TYPE\tLUA_INT_INT"),
    )
    .map_err(|e| e.to_string())?;
    Ok(copy)
}

/// The newest crate in cargo's registry whose folder name starts with
/// `prefix` and that holds the file `marker` (the vendored builds fetched
/// them).
pub fn registry_crate(prefix: &str, marker: &str) -> Result<PathBuf, String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let mut found = Vec::new();
    for index in std::fs::read_dir(home.join("registry/src")).map_err(|e| e.to_string())? {
        let Ok(index) = index else { continue };
        for krate in std::fs::read_dir(index.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = krate.file_name().to_string_lossy().into_owned();
            if name.starts_with(prefix) && krate.path().join(marker).is_file() {
                found.push(krate.path());
            }
        }
    }
    found.sort();
    found.pop().ok_or_else(|| {
        format!("no {prefix}* crate with {marker} in cargo's registry (cargo build fetches it)")
    })
}

/// The script's own output: stdout without the host's status lines.
pub fn script_output(stdout: &str) -> String {
    stdout
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("host: "))
        .collect()
}
