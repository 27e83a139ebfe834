//! Function breakpoints on the VM thread: a name (`Game.update`,
//! `Entity:spawn`) is looked up in the globals by raw reads (no `__index`
//! function runs), and the Lua function it holds names a definition (file,
//! `linedefined`, `lastlinedefined`). The hook then stops at every call of
//! that definition through the call hook it runs anyway for files with
//! breakpoints (`hook::set_entries`): no hook runs for them while no code
//! of their file is loaded, and a function that is reloaded (same file and
//! lines) is still hit.
//!
//! A name may get its function at any time: it is looked up again when the
//! breakpoints are set, at every stop, and whenever the server asks
//! (`Command::ResolveFunctions`, sent periodically while function
//! breakpoints exist). Each change of a breakpoint's definition is told to
//! the client as a `breakpoint` event.

use std::path::Path;
use std::sync::atomic::Ordering;

use dap::types::{Breakpoint, BreakpointEventBody, Source};
use mlua::{Lua, Value};

use super::raw_fields::raw_field;
use super::values::is_identifier;
use crate::debugger::breakpoints::{BpSpec, FunctionSpec};
use crate::debugger::command::RESOLVE_QUEUED;
use crate::debugger::hook;
use crate::debugger::sources::chunk_path;
use crate::debugger::state::{Debugger, FunctionSite};

/// Replaces the function breakpoints and resolves them.
pub fn set_functions(dbg: &Debugger, lua: &Lua, specs: Vec<FunctionSpec>) {
    *dbg.functions.borrow_mut() = specs.into_iter().map(|s| (s, None)).collect();
    resolve(dbg, lua, true);
}

/// Looks the names up again; tells the client and the hook what changed.
pub fn resolve_functions(dbg: &Debugger, lua: &Lua) {
    RESOLVE_QUEUED.store(false, Ordering::SeqCst);
    resolve(dbg, lua, false);
}

fn resolve(dbg: &Debugger, lua: &Lua, force: bool) {
    let mut events = Vec::new();
    {
        let mut functions = dbg.functions.borrow_mut();
        for (spec, site) in functions.iter_mut() {
            let now = site_of(lua, &spec.name);
            let new_site = now.as_ref().ok().cloned();
            if force || new_site != *site {
                *site = new_site;
                events.push(event(spec.id, &now));
            }
        }
    }
    // A new set (`force`) replaces the hook's entries even when it is empty:
    // clearing every function breakpoint must reach the hook too.
    if events.is_empty() && !force {
        return;
    }
    let resolved = dbg
        .functions
        .borrow()
        .iter()
        .filter_map(|(spec, site)| {
            let site = site.as_ref()?;
            let bp = BpSpec {
                id: spec.id,
                line: site.first,
                condition: spec.condition.clone(),
                hit: spec.hit,
                log_message: None,
                owners: Vec::new(),
            };
            Some((site.file.clone(), site.first, site.last, bp))
        })
        .collect();
    hook::set_entries(dbg, resolved);
    for e in events {
        dbg.client.event(&e);
    }
}

fn event(id: i64, site: &Result<FunctionSite, String>) -> BreakpointEventBody {
    let breakpoint = match site {
        Ok(site) => Breakpoint {
            id: Some(id),
            verified: true,
            source: Some(Source {
                name: Path::new(&site.file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned()),
                path: Some(site.file.clone()),
                ..Source::default()
            }),
            line: Some(site.first),
            ..Breakpoint::default()
        },
        Err(message) => Breakpoint {
            id: Some(id),
            verified: false,
            message: Some(message.clone()),
            ..Breakpoint::default()
        },
    };
    BreakpointEventBody {
        reason: "changed".into(),
        breakpoint,
    }
}

/// The definition of the Lua function `name` holds, or why there is none.
fn site_of(lua: &Lua, name: &str) -> Result<FunctionSite, String> {
    let name = name.trim();
    let path: Vec<&str> = match name.rsplit_once(':') {
        Some((head, method)) => head.split('.').chain([method]).collect(),
        None => name.split('.').collect(),
    };
    if !path.iter().all(|p| is_identifier(p)) {
        return Err(format!(
            "'{name}' is not a function name: write a global or dotted name, e.g. Game.update or Entity:spawn"
        ));
    }
    let mut value = Value::Table(lua.globals());
    for part in &path {
        value = raw_field(lua, &value, part);
    }
    let f = match value {
        Value::Function(f) => f,
        Value::Nil => {
            return Err(format!(
                "'{name}' is nil for now: set when it holds a function"
            ))
        }
        other => {
            return Err(format!(
                "'{name}' is a {}, not a function",
                other.type_name()
            ))
        }
    };
    let info = f.info();
    if info.what == "C" {
        return Err(format!("'{name}' is a C function: only Lua functions stop"));
    }
    let file = info
        .source
        .as_deref()
        .and_then(|s| chunk_path(s.as_bytes()))
        .ok_or_else(|| {
            format!("'{name}' comes from a string chunk: only functions of files stop")
        })?;
    let first = info.line_defined.unwrap_or(0) as i64;
    let last = info.last_line_defined.unwrap_or(0) as i64;
    Ok(FunctionSite { file, first, last })
}
