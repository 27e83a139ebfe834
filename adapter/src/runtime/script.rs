//! Loading the user's script as `lua` would: chunk named `@<absolute path>`,
//! the global `arg`, and the script's folder on `package.path`.

use std::path::{Path, PathBuf};

use mlua::{Function, Lua, Table};

/// A script to run: absolute path, its text, and the command line.
pub struct Script {
    pub path: PathBuf,
    pub args: Vec<String>,
}

impl Script {
    /// Resolves `path` against the working directory; says what is wrong if
    /// it cannot be read.
    pub fn resolve(path: &Path, args: Vec<String>) -> Result<Script, String> {
        let abs = std::path::absolute(path)
            .map_err(|e| format!("cannot resolve '{}': {e}", path.display()))?;
        match std::fs::metadata(&abs) {
            Ok(m) if m.is_file() => Ok(Script { path: abs, args }),
            Ok(_) => Err(format!("'{}' is not a file", path.display())),
            Err(e) => Err(format!("cannot open script '{}': {e}", path.display())),
        }
    }

    /// Sets `arg`, extends `package.path`/`cpath`, and compiles the chunk.
    pub fn load(
        &self,
        lua: &Lua,
        lua_path: &[String],
        lua_cpath: &[String],
    ) -> mlua::Result<Function> {
        let dir = self.path.parent().unwrap_or(Path::new("/"));
        let package: Table = lua.globals().get("package")?;
        let mut path = format!("{0}/?.lua;{0}/?/init.lua;", dir.display());
        for p in lua_path {
            path.push_str(p);
            path.push(';');
        }
        path.push_str(&package.get::<String>("path")?);
        package.set("path", path)?;
        if !lua_cpath.is_empty() {
            let cpath = format!(
                "{};{}",
                lua_cpath.join(";"),
                package.get::<String>("cpath")?
            );
            package.set("cpath", cpath)?;
        }

        let arg = lua.create_table()?;
        arg.raw_set(-1, "lua-snapshot")?;
        arg.raw_set(0, self.path.to_string_lossy())?;
        for (i, a) in self.args.iter().enumerate() {
            arg.raw_set(i as i64 + 1, a.as_str())?;
        }
        lua.globals().set("arg", arg)?;

        let mut source = read_source(&self.path, u64::MAX).map_err(mlua::Error::external)?;
        skip_shebang(&mut source);
        lua.load(source)
            .set_name(format!("@{}", self.path.display()))
            .into_function()
    }
}

/// The bytes of the regular file at `path`, at most `limit` of them. Only
/// regular files are read: a device (`/dev/zero`) never ends and a FIFO
/// blocks until someone writes, so both are refused before a byte is read
/// (the file is opened non-blocking, then checked again, as it may have
/// changed since it was looked at).
pub fn read_source(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let shown = path.display();
    let check = |meta: std::fs::Metadata| {
        if !meta.is_file() {
            return Err(format!("'{shown}' is not a regular file"));
        }
        if meta.len() > limit {
            return Err(too_large(path, limit));
        }
        Ok(meta.len())
    };
    check(std::fs::metadata(path).map_err(|e| format!("cannot read '{shown}': {e}"))?)?;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| format!("cannot read '{shown}': {e}"))?;
    let len = check(
        file.metadata()
            .map_err(|e| format!("cannot read '{shown}': {e}"))?,
    )?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read '{shown}': {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, limit));
    }
    Ok(bytes)
}

fn too_large(path: &Path, limit: u64) -> String {
    format!(
        "'{}' is larger than the {} MB limit",
        path.display(),
        limit >> 20
    )
}

/// Like `luaL_loadfile`: a first line starting with `#` is skipped but its
/// newline kept, so line numbers stay right.
pub fn skip_shebang(source: &mut Vec<u8>) {
    if source.starts_with(b"#") {
        let end = source
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(source.len());
        source.drain(..end);
    }
}
