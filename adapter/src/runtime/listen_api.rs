//! `lsnapshot.listen{port = N}` and `lsnapshot.poll()`: the attach mode's
//! two Lua functions (see `debugger/attach/`).

use std::rc::Rc;

use mlua::{Lua, Table, Value};

use super::tool::Tool;
use crate::debugger;

/// Adds `listen` and `poll` to the `lsnapshot` module table.
pub fn add(lua: &Lua, module: &Table, tool: &Rc<Tool>) -> mlua::Result<()> {
    let t = Rc::clone(tool);
    let listen = lua.create_function(move |lua, options: Value| {
        let port = port_of(&options)?;
        debugger::listen(lua, &t, port).map_err(mlua::Error::runtime)
    })?;
    let poll = lua.create_function(|lua, ()| Ok(debugger::poll(lua)))?;
    for f in [&listen, &poll] {
        tool.exclude(Value::Function(f.clone()));
    }
    module.set("listen", listen)?;
    module.set("poll", poll)
}

/// `listen{port = N}`, `listen(N)` or `listen()` (a free port).
fn port_of(options: &Value) -> mlua::Result<u16> {
    let port = match options {
        Value::Nil => Value::Integer(0),
        Value::Table(t) => t.raw_get::<Value>("port")?,
        other => other.clone(),
    };
    let bad = |what: &str| {
        mlua::Error::runtime(format!(
            "bad argument #1 to 'listen' (port must be an integer from 0 to 65535, got {what})"
        ))
    };
    match port {
        Value::Nil => Ok(0),
        Value::Integer(n) => u16::try_from(n).map_err(|_| bad(&n.to_string())),
        Value::Number(n) if n.fract() == 0.0 && (0.0..=65535.0).contains(&n) => Ok(n as u16),
        Value::Number(n) => Err(bad(&n.to_string())),
        other => Err(bad(other.type_name())),
    }
}
