//! `lsnapshot.write_report(path [, {top = N}])`: the objects created since
//! `lsnapshot.start_snapshot()` and still alive, after a full collection,
//! written as the JSON document of `lua-snapshot run --leaks --json` (the
//! shape the editor extension opens). Returns the number of objects.
//!
//! The start snapshot is kept: a host may write a report every so often
//! against the same start.

use std::path::Path;
use std::rc::Rc;

use mlua::{Lua, Table, Value};
use snapshot::report::leak_report;

use super::tool::Tool;
use crate::snapshots::export::{writable_target, write_atomically};

const NAME: &str = "write_report";

fn error(msg: String) -> mlua::Error {
    mlua::Error::runtime(msg)
}

/// Adds `write_report` to the `lsnapshot` module table.
pub fn add(lua: &Lua, tool: &Rc<Tool>, module: &Table) -> mlua::Result<()> {
    let t = Rc::clone(tool);
    let write = lua.create_function(move |lua, (path, opts): (Value, Value)| {
        let Value::String(path) = path else {
            return Err(error(format!(
                "bad argument #1 to '{NAME}' (string expected, got {})",
                lua_type(&path)
            )));
        };
        let path = path.to_str()?.to_string();
        let top = top_option(&opts)?;
        if t.lsnapshot_start.borrow().is_none() {
            return Err(error(format!(
                "{NAME}: no snapshot started; call start_snapshot() first"
            )));
        }
        let target = writable_target(&t.base_dir.join(&path), NAME).map_err(error)?;
        // Alive means reachable after a full collection (twice: objects
        // resurrected by a finalizer go on the second).
        lua.gc_collect()?;
        lua.gc_collect()?;
        let now = t.snapshot(lua, Vec::new());
        let start = t.lsnapshot_start.borrow();
        let Some(start) = start.as_ref() else {
            return Err(error(format!("{NAME}: the start snapshot is gone")));
        };
        let diff = t.diff(start, &now);
        let report = leak_report(start, &now, &diff, top, Some(&t.base_dir));
        let text = serde_json::to_string(&report)
            .map_err(|e| error(format!("{NAME}: cannot encode the report: {e}")))?;
        write_atomically(Path::new(&target), text.as_bytes())
            .map_err(|e| error(format!("{NAME}: cannot write '{}': {e}", target.display())))?;
        Ok(report.count)
    })?;
    tool.exclude(Value::Function(write.clone()));
    module.set(NAME, write)
}

/// `{top = N}`: list only the N largest objects (the totals count all).
fn top_option(opts: &Value) -> mlua::Result<Option<usize>> {
    let opts = match opts {
        Value::Nil => return Ok(None),
        Value::Table(t) => t,
        other => {
            return Err(error(format!(
                "bad argument #2 to '{NAME}' (table expected, got {})",
                lua_type(other)
            )))
        }
    };
    match opts.raw_get::<Value>("top")? {
        Value::Nil => Ok(None),
        Value::Integer(n) if n >= 0 => Ok(Some(n as usize)),
        Value::Number(n) if n >= 0.0 && n.fract() == 0.0 => Ok(Some(n as usize)),
        other => Err(error(format!(
            "bad option 'top' to '{NAME}' (non-negative integer expected, got {})",
            match &other {
                Value::Integer(n) => n.to_string(),
                Value::Number(n) => n.to_string(),
                v => lua_type(v).to_string(),
            }
        ))),
    }
}

/// The type as Lua's `type()` names it (mlua says "integer").
fn lua_type(v: &Value) -> &'static str {
    match v {
        Value::Integer(_) | Value::Number(_) => "number",
        v => v.type_name(),
    }
}
