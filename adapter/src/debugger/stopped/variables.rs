//! `scopes`, `variables` and `setVariable` over a [`StopContext`].

use std::path::Path;

use dap::types::{
    Scope, SetVariableResponseBody, Variable, VariablePresentationHint, VariablesArguments,
    VariablesFilter,
};
use mlua::{Lua, Table, Value};

use super::eval;
use super::frames::{Handle, ScopeKind, StopContext};
use super::values::{child_expression, key_name, show};
use crate::debugger::frame_access as raw;
use crate::debugger::table_pages;

/// Where a child lives, to assign it.
#[derive(Clone)]
enum Place {
    Local(i32),
    Upvalue(i32),
    Field(Value),
    Metatable,
}

#[derive(Clone)]
struct Child {
    name: String,
    place: Place,
    value: Value,
    expression: Option<String>,
    indexed: bool,
}

/// The scopes of frame `index`: Locals, Upvalues (if any), Globals.
pub fn scopes(ctx: &StopContext, lua: &Lua, index: usize) -> Vec<Scope> {
    let Some(frame) = ctx.frame(index) else {
        return Vec::new();
    };
    let mut scopes = Vec::new();
    let is_lua = frame.info().what != "C";
    let scope = |name: &str, hint: Option<&str>, kind: ScopeKind, expensive: bool| Scope {
        name: name.to_owned(),
        presentation_hint: hint.map(str::to_owned),
        variables_reference: ctx.add_handle(Handle::Scope { frame: index, kind }),
        expensive,
        ..Scope::default()
    };
    if is_lua {
        scopes.push(scope("Locals", Some("locals"), ScopeKind::Locals, false));
        let has_upvalues = frame
            .function(lua)
            .is_some_and(|f| raw::upvalues(lua, &f).iter().any(|(n, _, _)| n != "_ENV"));
        if has_upvalues {
            scopes.push(scope("Upvalues", None, ScopeKind::Upvalues, false));
        }
    }
    scopes.push(scope("Globals", None, ScopeKind::Globals, true));
    scopes
}

fn children(ctx: &StopContext, lua: &Lua, handle: &Handle, base_dir: &Path) -> Vec<Child> {
    match handle {
        Handle::Scope { frame, kind } => {
            let Some(frame) = ctx.frame(*frame) else {
                return Vec::new();
            };
            match kind {
                ScopeKind::Locals => frame
                    .locals(lua)
                    .into_iter()
                    .map(|l| Child {
                        expression: (l.index > 0).then(|| l.name.clone()),
                        name: l.name,
                        place: Place::Local(l.index),
                        value: l.value,
                        indexed: false,
                    })
                    .collect(),
                ScopeKind::Upvalues => frame
                    .function(lua)
                    .map(|f| raw::upvalues(lua, &f))
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|(name, _, _)| name != "_ENV")
                    .map(|(name, index, value)| Child {
                        expression: Some(name.clone()),
                        name,
                        place: Place::Upvalue(index),
                        value,
                        indexed: false,
                    })
                    .collect(),
                ScopeKind::Globals => {
                    let view = TableView::new(lua, lua.globals(), None, base_dir);
                    view.children(lua, base_dir, 0, view.total(), usize::MAX).0
                }
            }
        }
        Handle::Value { value, expression } => match value {
            Value::Table(t) => {
                let view = TableView::new(lua, t.clone(), expression.clone(), base_dir);
                view.children(lua, base_dir, 0, view.total(), usize::MAX).0
            }
            other => metatable_child(lua, other).into_iter().collect(),
        },
        Handle::Rest {
            table,
            expression,
            from,
        } => {
            let view = TableView::new(lua, table.clone(), expression.clone(), base_dir);
            view.children(lua, base_dir, *from, view.total(), usize::MAX)
                .0
        }
    }
}

/// Children an unpaged `variables` request returns at most; the rest is one
/// more child that pages (VS Code) or expands (nvim-dap).
pub const UNPAGED_CHILDREN: usize = 1000;

/// Tables with at most this many hash slots show their named entries
/// sorted (by key); bigger ones in the VM's slot order, so that a page costs
/// the page.
const SORTED_SLOTS: usize = 4096;

/// A table's children by position: `[1]`..`[len]` (indexed), then the
/// named entries (sorted for small tables, else one position per slot of
/// the table, empty or not), then `[metatable]`.
struct TableView {
    table: Table,
    parent: Option<String>,
    /// `#t` (raw): the indexed children.
    len: usize,
    /// The slots after the indexed ones: array slots from `len`, then the
    /// hash nodes.
    first_slot: usize,
    slots: usize,
    /// Small tables: the named children, sorted.
    sorted: Option<Vec<Child>>,
    metatable: Option<Child>,
}

impl TableView {
    fn new(lua: &Lua, table: Table, parent: Option<String>, base_dir: &Path) -> TableView {
        let len = table.raw_len();
        let (array, all) = table_pages::slot_counts(&table);
        let first_slot = len.min(array);
        let slots = all - first_slot;
        let metatable = metatable_child(lua, &Value::Table(table.clone()));
        let mut view = TableView {
            table,
            parent,
            len,
            first_slot,
            slots,
            sorted: None,
            metatable,
        };
        if slots <= SORTED_SLOTS {
            let mut named = view.slot_children(lua, base_dir, 0, slots, usize::MAX).0;
            named.sort_by(|a, b| {
                let (a, b) = (sort_key(a), sort_key(b));
                (a.0, &a.1).cmp(&(b.0, &b.1)).then(a.2.total_cmp(&b.2))
            });
            view.sorted = Some(named);
        }
        view
    }

    /// Positions of named children.
    fn named(&self) -> usize {
        self.sorted.as_ref().map_or(self.slots, Vec::len)
    }

    fn total(&self) -> usize {
        self.len + self.named() + usize::from(self.metatable.is_some())
    }

    /// Named children of slot positions `from..to` (at most `max`), and the
    /// position after the last slot read.
    fn slot_children(
        &self,
        lua: &Lua,
        base_dir: &Path,
        from: usize,
        to: usize,
        max: usize,
    ) -> (Vec<Child>, usize) {
        let skip = i64::try_from(self.len).unwrap_or(i64::MAX);
        let (entries, next) = table_pages::entries(
            lua,
            &self.table,
            self.first_slot + from,
            self.first_slot + to,
            max,
            skip,
        );
        let children = entries
            .into_iter()
            .map(|(_, key, value)| named_child(lua, key, value, self.parent.as_deref(), base_dir))
            .collect();
        (children, next - self.first_slot)
    }

    /// The children of positions `from..to`, at most `max` of them, and
    /// the position after the last one looked at.
    fn children(
        &self,
        lua: &Lua,
        base_dir: &Path,
        from: usize,
        to: usize,
        max: usize,
    ) -> (Vec<Child>, usize) {
        let to = to.min(self.total());
        let named_end = self.len + self.named();
        let mut out = Vec::new();
        let mut at = from;
        while at < to && out.len() < max {
            if at < self.len {
                let i = at as i64 + 1;
                let key = Value::Integer(i);
                out.push(Child {
                    name: format!("[{i}]"),
                    expression: self
                        .parent
                        .as_deref()
                        .and_then(|p| child_expression(lua, p, &key, base_dir)),
                    value: self.table.raw_get(i).unwrap_or(Value::Nil),
                    place: Place::Field(key),
                    indexed: true,
                });
                at += 1;
            } else if at < named_end {
                let (from, end) = (at - self.len, to.min(named_end) - self.len);
                match &self.sorted {
                    Some(sorted) => {
                        out.push(sorted[from].clone());
                        at += 1;
                    }
                    None => {
                        let left = max - out.len();
                        let (page, next) = self.slot_children(lua, base_dir, from, end, left);
                        out.extend(page);
                        at = self.len + next;
                    }
                }
            } else {
                out.extend(self.metatable.clone());
                at += 1;
            }
        }
        (out, at)
    }

    /// Entries at positions from `from` on, counted without reading them.
    fn count_from(&self, from: usize) -> usize {
        let indexed = self.len.saturating_sub(from);
        let named_from = from.saturating_sub(self.len);
        let named = match &self.sorted {
            Some(sorted) => sorted.len().saturating_sub(named_from),
            None => table_pages::count_entries(
                &self.table,
                self.first_slot + named_from,
                self.first_slot + self.slots,
                i64::try_from(self.len).unwrap_or(i64::MAX),
            ),
        };
        let meta = usize::from(self.metatable.is_some() && from <= self.len + self.named());
        indexed + named + meta
    }
}

/// The child of a named entry; `parent` is the expression of the table
/// (none for the globals: keys that are names are their own expressions).
fn named_child(
    lua: &Lua,
    key: Value,
    value: Value,
    parent: Option<&str>,
    base_dir: &Path,
) -> Child {
    let expression = match parent {
        Some(p) => child_expression(lua, p, &key, base_dir),
        None => match &key {
            Value::String(s) => s
                .to_str()
                .ok()
                .filter(|s| super::values::is_identifier(s))
                .map(|s| s.to_string()),
            _ => None,
        },
    };
    Child {
        name: key_name(lua, &key, base_dir),
        expression,
        value,
        place: Place::Field(key),
        indexed: false,
    }
}

/// String keys first (by their text), then numbers (by value), then the
/// rest (by how they are shown).
fn sort_key(c: &Child) -> (u8, String, f64) {
    match &c.place {
        Place::Field(Value::String(s)) => (0, s.to_string_lossy().to_string(), 0.0),
        Place::Field(Value::Integer(i)) => (1, String::new(), *i as f64),
        Place::Field(Value::Number(n)) => (1, String::new(), *n),
        _ => (2, c.name.clone(), 0.0),
    }
}

fn metatable_child(lua: &Lua, value: &Value) -> Option<Child> {
    let meta = raw::metatable(lua, value)?;
    Some(Child {
        name: "[metatable]".into(),
        place: Place::Metatable,
        value: Value::Table(meta),
        expression: None,
        indexed: false,
    })
}

/// For a table with indexed children: how many slots may hold named ones
/// (an upper bound, counted without reading them), so that VS Code, which
/// fetches named children of a paged table only when told there are some,
/// shows them too.
fn named_slots(table: &Option<Table>, indexed: Option<i64>) -> Option<i64> {
    let (t, len) = (table.as_ref()?, indexed?);
    let (array, all) = table_pages::slot_counts(t);
    let first = usize::try_from(len).unwrap_or(usize::MAX).min(array);
    let named = all - first;
    (named > 0).then(|| i64::try_from(named).unwrap_or(i64::MAX))
}

/// A DAP variable for `value`, registering a handle when it has children.
pub fn variable(
    ctx: &StopContext,
    lua: &Lua,
    name: String,
    value: Value,
    expression: Option<String>,
    base_dir: &Path,
) -> Variable {
    let shown = show(lua, &value, base_dir);
    let value_table = match &value {
        Value::Table(t) => Some(t.clone()),
        _ => None,
    };
    let reference = if shown.expandable {
        ctx.add_handle(Handle::Value {
            value,
            expression: expression.clone(),
        })
    } else {
        0
    };
    Variable {
        name,
        value: shown.value,
        type_: Some(shown.type_name),
        evaluate_name: expression,
        variables_reference: reference,
        indexed_variables: shown.indexed,
        named_variables: named_slots(&value_table, shown.indexed),
        ..Variable::default()
    }
}

/// The table behind a handle, as positions, and the first position the
/// handle stands for.
fn table_view(lua: &Lua, handle: &Handle, base_dir: &Path) -> Option<(TableView, usize)> {
    match handle {
        Handle::Scope {
            kind: ScopeKind::Globals,
            ..
        } => Some((TableView::new(lua, lua.globals(), None, base_dir), 0)),
        Handle::Value {
            value: Value::Table(t),
            expression,
        } => Some((
            TableView::new(lua, t.clone(), expression.clone(), base_dir),
            0,
        )),
        Handle::Rest {
            table,
            expression,
            from,
        } => Some((
            TableView::new(lua, table.clone(), expression.clone(), base_dir),
            *from,
        )),
        _ => None,
    }
}

/// The `variables` request. Tables are read by position, so a page costs
/// the page; without `count`, at most [`UNPAGED_CHILDREN`] children come
/// back, then a child `…` that stands for the rest.
pub fn variables(
    ctx: &StopContext,
    lua: &Lua,
    args: &VariablesArguments,
    base_dir: &Path,
) -> Result<Vec<Variable>, String> {
    let handle = ctx
        .handle(args.variables_reference)
        .ok_or("unknown or expired variablesReference")?;
    let start = usize::try_from(args.start.unwrap_or(0)).unwrap_or(0);
    let count = args
        .count
        .filter(|&c| c > 0)
        .map(|c| usize::try_from(c).unwrap_or(usize::MAX));
    let to_variable = |c: Child| variable(ctx, lua, c.name, c.value, c.expression, base_dir);
    let Some((view, first)) = table_view(lua, &handle, base_dir) else {
        let all = children(ctx, lua, &handle, base_dir);
        let selected = all.into_iter().filter(|c| match args.filter {
            Some(VariablesFilter::Indexed) => c.indexed,
            Some(VariablesFilter::Named) => !c.indexed,
            None => true,
        });
        let selected = selected.skip(start).take(count.unwrap_or(usize::MAX));
        return Ok(selected.map(to_variable).collect());
    };
    // The rest of a table pages as a whole, whatever the filter.
    let (low, high) = match (&handle, args.filter) {
        (Handle::Rest { .. }, _) | (_, None) => (first, view.total()),
        (_, Some(VariablesFilter::Indexed)) => (0, view.len),
        (_, Some(VariablesFilter::Named)) => (view.len, view.total()),
    };
    let from = low.saturating_add(start).min(high);
    if let Some(count) = count {
        let to = from.saturating_add(count).min(high);
        let (page, _) = view.children(lua, base_dir, from, to, usize::MAX);
        return Ok(page.into_iter().map(to_variable).collect());
    }
    let (page, next) = view.children(lua, base_dir, from, high, UNPAGED_CHILDREN);
    let mut out: Vec<Variable> = page.into_iter().map(to_variable).collect();
    let more = if next < high {
        view.count_from(next)
    } else {
        0
    };
    if more > 0 {
        let positions = view.total() - next;
        out.push(Variable {
            name: "…".into(),
            value: format!("{more} more entries"),
            variables_reference: ctx.add_handle(Handle::Rest {
                table: view.table.clone(),
                expression: view.parent.clone(),
                from: next,
            }),
            indexed_variables: i64::try_from(positions).ok(),
            presentation_hint: Some(VariablePresentationHint {
                kind: Some("virtual".into()),
                ..VariablePresentationHint::default()
            }),
            ..Variable::default()
        });
    }
    Ok(out)
}

/// The child `name` of a handle: the innermost of same-named locals; a
/// table is searched a page at a time, so that a table of millions of
/// entries is never held as children all at once.
fn find_child(
    ctx: &StopContext,
    lua: &Lua,
    handle: &Handle,
    name: &str,
    base_dir: &Path,
) -> Option<Child> {
    let Some((view, mut at)) = table_view(lua, handle, base_dir) else {
        return children(ctx, lua, handle, base_dir)
            .into_iter()
            .rev()
            .find(|c| c.name == name);
    };
    while at < view.total() {
        let (page, next) = view.children(lua, base_dir, at, view.total(), UNPAGED_CHILDREN);
        if let Some(child) = page.into_iter().find(|c| c.name == name) {
            return Some(child);
        }
        at = next;
    }
    None
}

/// The `setVariable` request: `value` is an expression evaluated in the
/// frame of the scope (or the innermost frame for table fields).
pub fn set_variable(
    ctx: &StopContext,
    lua: &Lua,
    reference: i64,
    name: &str,
    value: &str,
    base_dir: &Path,
) -> Result<SetVariableResponseBody, String> {
    let handle = ctx
        .handle(reference)
        .ok_or("unknown or expired variablesReference")?;
    let frame_index = match &handle {
        Handle::Scope { frame, .. } => *frame,
        Handle::Value { .. } | Handle::Rest { .. } => 0,
    };
    let frame = ctx.frame(frame_index);
    let new_value = eval::evaluate(lua, frame.as_deref(), value, false)?
        .into_iter()
        .next()
        .unwrap_or(Value::Nil);
    let child = find_child(ctx, lua, &handle, name, base_dir)
        .ok_or_else(|| format!("no variable named '{name}'"))?;
    let set = match (&child.place, &handle) {
        (Place::Local(index), _) => {
            frame
                .ok_or("the frame is gone")?
                .set_local(lua, *index, new_value.clone())
        }
        (Place::Upvalue(index), _) => {
            let f = frame
                .and_then(|f| f.function(lua))
                .ok_or("the frame has no function")?;
            raw::set_upvalue(lua, &f, *index, new_value.clone())
        }
        (Place::Field(key), Handle::Scope { .. }) => {
            lua.globals().raw_set(key.clone(), new_value.clone())
        }
        (
            Place::Field(key),
            Handle::Value {
                value: Value::Table(t),
                ..
            },
        ) => t.raw_set(key.clone(), new_value.clone()),
        (Place::Field(key), Handle::Rest { table, .. }) => {
            table.raw_set(key.clone(), new_value.clone())
        }
        _ => return Err(format!("'{name}' cannot be set")),
    };
    set.map_err(|e| eval::error_text(&e))?;
    let var = variable(
        ctx,
        lua,
        name.to_owned(),
        new_value,
        child.expression,
        base_dir,
    );
    Ok(SetVariableResponseBody {
        value: var.value,
        type_: var.type_,
        variables_reference: Some(var.variables_reference),
        indexed_variables: var.indexed_variables,
        ..SetVariableResponseBody::default()
    })
}
