//! Fields read as the debugger reads them for completions and function
//! breakpoints: raw, then through `__index` tables (read raw too), never
//! calling an `__index` function.

use mlua::{Lua, Table, Value};

use crate::debugger::frame_access as raw;

/// `__index` tables followed at most (a chain of classes).
const INDEX_DEPTH: usize = 16;

/// `value[name]` read raw, then through `__index` tables (read raw too).
pub fn raw_field(lua: &Lua, value: &Value, name: &str) -> Value {
    for table in index_chain(lua, value) {
        let field = table.raw_get(name).unwrap_or(Value::Nil);
        if !field.is_nil() {
            return field;
        }
    }
    Value::Nil
}

/// The tables a field of `value` is read from without metamethods: the
/// value itself when a table, then each `__index` that is a table.
pub fn index_chain(lua: &Lua, value: &Value) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut current = value.clone();
    for _ in 0..INDEX_DEPTH {
        if let Value::Table(t) = &current {
            if out.iter().any(|seen| seen == t) {
                break;
            }
            out.push(t.clone());
        }
        let next = raw::metatable(lua, &current)
            .and_then(|meta| meta.raw_get::<Value>("__index").ok())
            .unwrap_or(Value::Nil);
        if !matches!(next, Value::Table(_)) {
            break;
        }
        current = next;
    }
    out
}
