//! `launch` arguments → what the VM thread needs. The script runs in this
//! process, so `cwd` and `env` change the adapter's own working directory
//! and environment (one session at a time makes that safe). Each launch
//! first puts back the directory and environment the adapter started with,
//! so nothing of one session carries into the next (`--port`, `restart`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dap::types::LaunchRequestArguments;

use crate::debugger::LaunchConfig;
use crate::runtime::script::Script;

/// Snapshots kept per session when `maxSnapshots` is not given.
pub const DEFAULT_MAX_SNAPSHOTS: usize = 10;

/// The working directory and environment the adapter started with.
struct Origin {
    cwd: Option<PathBuf>,
    env: Vec<(OsString, OsString)>,
}

static ORIGIN: OnceLock<Origin> = OnceLock::new();

/// Remembers the process's directory and environment; call once, before
/// the first session.
pub fn remember_origin() {
    ORIGIN.get_or_init(|| Origin {
        cwd: std::env::current_dir().ok(),
        env: std::env::vars_os().collect(),
    });
}

/// Puts back the directory and environment the adapter started with.
fn restore_origin() {
    let Some(origin) = ORIGIN.get() else {
        return;
    };
    if let Some(cwd) = &origin.cwd {
        let _ = std::env::set_current_dir(cwd);
    }
    let keep: std::collections::HashSet<&OsString> = origin.env.iter().map(|(k, _)| k).collect();
    for (name, _) in std::env::vars_os() {
        if !keep.contains(&name) {
            std::env::remove_var(&name);
        }
    }
    for (name, value) in &origin.env {
        if std::env::var_os(name).as_ref() != Some(value) {
            std::env::set_var(name, value);
        }
    }
}

pub fn config(args: &LaunchRequestArguments) -> Result<LaunchConfig, String> {
    restore_origin();
    if let Some(cwd) = args.cwd.as_deref().filter(|c| !c.is_empty()) {
        std::env::set_current_dir(cwd).map_err(|e| format!("cannot use cwd '{cwd}': {e}"))?;
    }
    for (name, value) in &args.env {
        if name.is_empty() || name.contains('=') || name.contains('\0') {
            return Err(format!("invalid environment variable name '{name}'"));
        }
        match value {
            Some(v) if !v.contains('\0') => std::env::set_var(name, v),
            Some(_) => return Err(format!("invalid value for environment variable '{name}'")),
            None => std::env::remove_var(name),
        }
    }
    if args.program.is_empty() {
        return Err("launch: 'program' is empty".into());
    }
    let script = Script::resolve(Path::new(&args.program), args.args.clone())?;
    let split = |s: &Option<String>| -> Vec<String> {
        s.as_deref()
            .unwrap_or("")
            .split(';')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect()
    };
    Ok(LaunchConfig {
        program: script.path,
        args: script.args,
        lua_path: split(&args.lua_path),
        lua_cpath: split(&args.lua_c_path),
        stop_on_entry: args.stop_on_entry.unwrap_or(false),
        no_debug: args.no_debug.unwrap_or(false),
        memory_limit: args
            .memory_limit_mb
            .filter(|&mb| mb > 0)
            .map(|mb| usize::try_from(mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)),
        base_dir: std::env::current_dir().unwrap_or_else(|_| "/".into()),
        snapshot_on_stop: args.snapshot_on_stop.unwrap_or(false),
        max_snapshots: args
            .max_snapshots
            .map_or(DEFAULT_MAX_SNAPSHOTS, |n| n.max(1) as usize),
        progress: false,
        terminal: None,
    })
}
