//! The LuaJIT builds the game host of `tests/host/` links (`game.rs`):
//! Debian's shared libluajit-5.1 (2.1.0-beta3), the static library the
//! `luajit-src` crate built for `lua-snapshot-luajit` (GC64), and the same
//! sources built without GC64 (`-DLUAJIT_DISABLE_GC64`), which the modules
//! must refuse.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::built::root;
use super::game::{registry_crate, GameLua};

/// Adds the include folder and the library of `lua` to `cc`.
pub fn link(lua: GameLua, cc: &mut Command) -> Result<(), String> {
    match lua {
        GameLua::Debian => {
            cc.args(["-I/usr/include/luajit-2.1", "-lluajit-5.1"]);
        }
        GameLua::Vendored => {
            let out = vendored_build()?;
            static_library(cc, &out.join("include"), &out.join("lib/libluajit.a"));
        }
        GameLua::NonGc64 => {
            let src = non_gc64_build()?;
            static_library(cc, &src, &src.join("libluajit.a"));
        }
        GameLua::Int32 => return Err("Int32 is a Lua 5.4 build".into()),
    }
    Ok(())
}

/// The modules find LuaJIT's functions in the executable (`-Wl,-E`).
fn static_library(cc: &mut Command, include: &Path, library: &Path) {
    cc.arg(format!("-I{}", include.display()))
        .arg(library)
        .args(["-lm", "-ldl", "-Wl,-E"]);
}

/// The `OUT_DIR` of the `mlua-sys` build that compiled the vendored LuaJIT
/// for the release binary (`lib/libluajit.a`, `include/`), the newest if
/// several.
fn vendored_build() -> Result<PathBuf, String> {
    let build = root().join("target/release/build");
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(&build)
        .map_err(|e| format!("{}: {e}", build.display()))?
        .flatten()
        .filter(|d| d.file_name().to_string_lossy().starts_with("mlua-sys-"))
        .map(|d| d.path().join("out"))
        .filter_map(|out| {
            let lib = std::fs::metadata(out.join("lib/libluajit.a")).ok()?;
            Some((lib.modified().ok()?, out))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, out)| out).ok_or_else(|| {
        format!(
            "no libluajit.a under {}/mlua-sys-*/out/lib: build lua-snapshot-luajit first (scripts/build-all.sh)",
            build.display()
        )
    })
}

/// LuaJIT's sources of the `luajit-src` crate, built (once; `make` is
/// incremental) without GC64 into `target/host/luajit-nogc64/src/`.
fn non_gc64_build() -> Result<PathBuf, String> {
    let copy = root().join("target/host/luajit-nogc64");
    if !copy.join("src/Makefile").is_file() {
        let sources = registry_crate("luajit-src-", "luajit2/src/Makefile")?;
        std::fs::create_dir_all(&copy).map_err(|e| e.to_string())?;
        let status = Command::new("cp")
            .arg("-R")
            .arg(sources.join("luajit2/."))
            .arg(&copy)
            .status()
            .map_err(|e| format!("cp: {e}"))?;
        if !status.success() {
            return Err(format!("cannot copy {}", sources.display()));
        }
        // The crate keeps the release number beside the sources (a git
        // checkout's `.relver`).
        std::fs::copy(sources.join("luajit_relver.txt"), copy.join(".relver"))
            .map_err(|e| e.to_string())?;
    }
    let out = Command::new("make")
        .current_dir(copy.join("src"))
        .args(["-e", "-j2", "libluajit.a"])
        .env("BUILDMODE", "static")
        .env("XCFLAGS", "-fPIC -DLUAJIT_DISABLE_GC64")
        .output()
        .map_err(|e| format!("make: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "make (LuaJIT without GC64) failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(copy.join("src"))
}
