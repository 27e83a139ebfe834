//! `require "lsnapshot"`: `start_snapshot()` and `dstop_snapshot([count])`,
//! with the output format of the lsnapshot C library, and `write_report`
//! (`leak_report.rs`).

use std::rc::Rc;

use mlua::{Lua, Table, Value};

use super::leak_report;
use super::output::emit;
use super::tool::Tool;

/// Preloads the module in a VM the tool created.
pub fn register(lua: &Lua, tool: &Rc<Tool>) -> mlua::Result<()> {
    lua.register_module("lsnapshot", create(lua, tool)?)
}

/// The module table (what `luaopen_lsnapshot` returns in a host).
pub fn create(lua: &Lua, tool: &Rc<Tool>) -> mlua::Result<Table> {
    let module = lua.create_table()?;

    let t = Rc::clone(tool);
    let start = lua.create_function(move |lua, ()| {
        let snap = t.snapshot(lua, Vec::new());
        *t.lsnapshot_start.borrow_mut() = Some(snap);
        Ok(())
    })?;

    let t = Rc::clone(tool);
    let stop = lua.create_function(move |lua, count: Value| {
        let limit = match count {
            Value::Nil => None,
            Value::Integer(n) => Some(n.max(0) as usize),
            Value::Number(n) => Some(n.max(0.0) as usize),
            other => {
                return Err(mlua::Error::runtime(format!(
                    "bad argument #1 to 'dstop_snapshot' (number expected, got {})",
                    other.type_name()
                )))
            }
        };
        let Some(start) = t.lsnapshot_start.borrow_mut().take() else {
            return Err(mlua::Error::runtime(
                "dstop_snapshot: no snapshot started; call start_snapshot() first",
            ));
        };
        let now = t.snapshot(lua, Vec::new());
        let diff = t.diff(&start, &now);
        emit(&snapshot::report::lsnapshot_text(&now, &diff.added, limit));
        Ok(())
    })?;

    for f in [&start, &stop] {
        tool.exclude(mlua::Value::Function(f.clone()));
    }
    module.set("start_snapshot", start)?;
    module.set("dstop_snapshot", stop)?;
    leak_report::add(lua, tool, &module)?;
    super::listen_api::add(lua, &module, tool)?;
    tool.exclude(mlua::Value::Table(module.clone()));
    Ok(module)
}
