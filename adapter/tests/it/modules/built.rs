//! The modules `scripts/build-all.sh` installs into
//! `target/lua-modules/<runtime>/` (`lua5.4`, `luajit`). The tests use what is built and refuse a
//! missing or stale build with the command that fixes it (building from a
//! test would race the `cargo test` that runs it for the target folder).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the repository root")
}

/// The folder holding `lsnapshot.so` and `snapshot.so` for this test
/// program's runtime, built from the current sources.
pub fn modules() -> PathBuf {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    DIR.get_or_init(check)
        .clone()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn check() -> Result<PathBuf, String> {
    let root = root();
    let dir = root
        .join("target/lua-modules")
        .join(crate::runtime::modules_folder());
    let fix = "build them with scripts/build-all.sh (scripts/test-fast.sh does before cargo test)";
    let mut built = SystemTime::now();
    for name in ["lsnapshot.so", "snapshot.so"] {
        let path = dir.join(name);
        let modified = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .map_err(|e| format!("{}: {e}: {fix}", path.display()))?;
        built = built.min(modified);
    }
    let mut sources = Vec::new();
    for folder in ["adapter/src", "snapshot/src", "host-module/src"] {
        collect(&root.join(folder), &mut sources);
    }
    for file in [
        "adapter/Cargo.toml",
        "snapshot/Cargo.toml",
        "host-module/Cargo.toml",
    ] {
        sources.push(root.join(file));
    }
    for source in sources {
        let modified = std::fs::metadata(&source).and_then(|m| m.modified());
        if modified.is_ok_and(|m| m > built) {
            return Err(format!(
                "the modules in {} are older than {}: {fix}",
                dir.display(),
                source.display()
            ));
        }
    }
    Ok(dir)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
