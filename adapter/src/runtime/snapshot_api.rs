//! `require "snapshot"`: the eleven functions of WinsonLu's Snapshot library
//! (`snapshot`, `print`, `print_json`, `print_jsonfmt`, `to_file`,
//! `to_jsonfile`, `to_jsonfilefmt`, `copy`, `incr`, `decr`, `free`).
//!
//! A snapshot handle is a userdata that owns a listing: the objects of a
//! whole snapshot, or the result of `incr`/`decr` (objects plus tables whose
//! entry count changed). Handles are the tool's own objects: the walk skips
//! them, and `free` releases their memory at once.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

use mlua::{AnyUserData, Lua, MultiValue, Table, UserData, Value};
use serde::Serialize;
use snapshot::model::{Kind, ObjId, Snapshot};
use snapshot::report::{object_report, ObjectReport};
use snapshot::walk::RootValue;

use super::output::emit;
use super::tool::Tool;

/// One line of a listing: an object of `snap`, with its entry-count change
/// for tables that grew or shrank.
#[derive(Clone)]
struct Item {
    snap: Rc<Snapshot>,
    id: ObjId,
    delta: Option<i64>,
}

#[derive(Clone)]
enum Listing {
    /// A snapshot taken by `snapshot()`; `incr`/`decr` need two of these.
    Full(Rc<Snapshot>),
    Changes {
        title: &'static str,
        items: Vec<Item>,
    },
}

/// The userdata behind a snapshot handle; `None` once freed.
struct Handle(RefCell<Option<Listing>>);

impl UserData for Handle {}

#[derive(Serialize)]
struct JsonItem {
    #[serde(flatten)]
    object: ObjectReport,
    refs: usize,
    /// Entry-count change of a table in an `incr`/`decr` result.
    growth: Option<i64>,
}

#[derive(Serialize)]
struct JsonListing {
    kind: &'static str,
    count: usize,
    total_size: usize,
    objects: Vec<JsonItem>,
}

impl Listing {
    fn items(&self) -> Vec<Item> {
        match self {
            Listing::Full(s) => s
                .reported()
                .map(|id| Item {
                    snap: Rc::clone(s),
                    id,
                    delta: None,
                })
                .collect(),
            Listing::Changes { items, .. } => items.clone(),
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Listing::Full(_) => "snapshot",
            Listing::Changes { title, .. } => title,
        }
    }

    fn text(&self) -> String {
        let items = self.items();
        let mut out = format!(
            "-- {}: {} objects, {} bytes --\n",
            self.title(),
            items.len(),
            total_size(&items)
        );
        for i in &items {
            let o = i.snap.object(i.id);
            let amount = match i.delta {
                Some(d) => format!("({d:+})"),
                None => format!("size:{}", o.size),
            };
            let _ = writeln!(
                out,
                "{}\t{}\trefs:{}\t{}\t{}",
                snapshot::report::address(i.snap.display_addr(i.id)),
                i.snap.tag(i.id),
                i.snap.ref_count(i.id),
                amount,
                i.snap.shortest_path(i.id)
            );
        }
        out
    }

    fn json(&self, tool: &Tool, pretty: bool) -> String {
        let items = self.items();
        let doc = JsonListing {
            kind: self.title(),
            count: items.len(),
            total_size: total_size(&items),
            objects: items
                .iter()
                .map(|i| JsonItem {
                    object: object_report(&i.snap, i.id, Some(&tool.base_dir)),
                    refs: i.snap.ref_count(i.id),
                    growth: i.delta,
                })
                .collect(),
        };
        let text = if pretty {
            serde_json::to_string_pretty(&doc)
        } else {
            serde_json::to_string(&doc)
        };
        text.unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")) + "\n"
    }
}

/// Bytes of the listed objects; growth lines are tables counted elsewhere.
fn total_size(items: &[Item]) -> usize {
    items
        .iter()
        .filter(|i| i.delta.is_none())
        .map(|i| i.snap.object(i.id).size)
        .sum()
}

fn runtime_error(msg: String) -> mlua::Error {
    mlua::Error::runtime(msg)
}

/// The type name Lua's own errors use: mlua says "integer" where Lua says
/// "number".
fn lua_type_name(v: &Value) -> &'static str {
    match v {
        Value::Integer(_) | Value::Number(_) => "number",
        other => other.type_name(),
    }
}

/// The listing of a handle argument, or an error naming the function.
fn listing(func: &str, v: &Value) -> mlua::Result<Listing> {
    let ud = match v {
        Value::UserData(ud) => ud,
        other => {
            return Err(runtime_error(format!(
                "bad argument to '{func}' (snapshot expected, got {})",
                lua_type_name(other)
            )))
        }
    };
    let handle = ud.borrow::<Handle>().map_err(|_| {
        runtime_error(format!(
            "bad argument to '{func}' (snapshot expected, got userdata)"
        ))
    })?;
    let inner = handle.0.borrow();
    inner
        .clone()
        .ok_or_else(|| runtime_error(format!("bad argument to '{func}' (snapshot was freed)")))
}

fn full(func: &str, v: &Value) -> mlua::Result<Rc<Snapshot>> {
    match listing(func, v)? {
        Listing::Full(s) => Ok(s),
        Listing::Changes { title, .. } => Err(runtime_error(format!(
            "bad argument to '{func}' (snapshot from snapshot() expected, got a result of {title}())"
        ))),
    }
}

fn write_file(func: &str, path: &str, text: &str) -> mlua::Result<()> {
    std::fs::write(path, text)
        .map_err(|e| runtime_error(format!("{func}: cannot write '{path}': {e}")))
}

/// Preloads the module in a VM the tool created.
pub fn register(lua: &Lua, tool: &Rc<Tool>) -> mlua::Result<()> {
    lua.register_module("snapshot", create(lua, tool)?)
}

/// The module table (what `luaopen_snapshot` returns in a host).
pub fn create(lua: &Lua, tool: &Rc<Tool>) -> mlua::Result<Table> {
    let module = lua.create_table()?;
    let mut functions = Vec::new();

    let t = Rc::clone(tool);
    functions.push(("snapshot", lua.create_function(move |lua, args: MultiValue| {
        let snap = match args.len() {
            0 => t.snapshot(lua, Vec::new()),
            2 => {
                let (Value::Table(tbl), Value::String(name)) = (&args[0], &args[1]) else {
                    return Err(runtime_error(format!(
                        "bad arguments to 'snapshot' (expected no arguments or (table, name), got ({}, {}))",
                        lua_type_name(&args[0]),
                        lua_type_name(&args[1])
                    )));
                };
                let root = RootValue {
                    name: name.to_string_lossy(),
                    kind: Kind::Table,
                    addr: tbl.to_pointer() as usize,
                };
                t.snapshot_from(lua, root)
            }
            n => {
                return Err(runtime_error(format!(
                    "bad arguments to 'snapshot' (expected no arguments or (table, name), got {n} arguments)"
                )))
            }
        };
        lua.create_userdata(Handle(RefCell::new(Some(Listing::Full(Rc::new(snap))))))
    })?));

    functions.push((
        "copy",
        lua.create_function(|lua, s: Value| {
            let l = listing("copy", &s)?;
            lua.create_userdata(Handle(RefCell::new(Some(l))))
        })?,
    ));

    for (name, added) in [("incr", true), ("decr", false)] {
        let t = Rc::clone(tool);
        functions.push((
            name,
            lua.create_function(move |lua, (a, b): (Value, Value)| {
                let older = full(name, &a)?;
                let newer = full(name, &b)?;
                let diff = t.diff(&older, &newer);
                let (side, ids) = if added {
                    (&newer, &diff.added)
                } else {
                    (&older, &diff.removed)
                };
                let mut items: Vec<Item> = ids
                    .iter()
                    .map(|&id| Item {
                        snap: Rc::clone(side),
                        id,
                        delta: None,
                    })
                    .collect();
                for g in &diff.grown {
                    let delta = g.after as i64 - g.before as i64;
                    if (delta > 0) == added {
                        items.push(Item {
                            snap: Rc::clone(&newer),
                            id: g.id,
                            delta: Some(delta),
                        });
                    }
                }
                let title = if added { "incr" } else { "decr" };
                lua.create_userdata(Handle(RefCell::new(Some(Listing::Changes {
                    title,
                    items,
                }))))
            })?,
        ));
    }

    let t = Rc::clone(tool);
    functions.push((
        "free",
        lua.create_function(move |_, s: Value| {
            let Value::UserData(ud) = &s else {
                return Err(runtime_error(format!(
                    "bad argument to 'free' (snapshot expected, got {})",
                    lua_type_name(&s)
                )));
            };
            free(ud)?;
            t.tracker.prune();
            Ok(())
        })?,
    ));

    functions.push((
        "print",
        lua.create_function(|_, s: Value| {
            emit(&listing("print", &s)?.text());
            Ok(())
        })?,
    ));

    for (name, pretty) in [("print_json", false), ("print_jsonfmt", true)] {
        let t = Rc::clone(tool);
        functions.push((
            name,
            lua.create_function(move |_, s: Value| {
                emit(&listing(name, &s)?.json(&t, pretty));
                Ok(())
            })?,
        ));
    }

    functions.push((
        "to_file",
        lua.create_function(|_, (s, path): (Value, String)| {
            write_file("to_file", &path, &listing("to_file", &s)?.text())
        })?,
    ));

    // The library's README swaps the two descriptions; as with print_json and
    // print_jsonfmt, `fmt` is the indented form.
    for (name, pretty) in [("to_jsonfile", false), ("to_jsonfilefmt", true)] {
        let t = Rc::clone(tool);
        functions.push((
            name,
            lua.create_function(move |_, (s, path): (Value, String)| {
                write_file(name, &path, &listing(name, &s)?.json(&t, pretty))
            })?,
        ));
    }

    for (name, f) in functions {
        tool.exclude(mlua::Value::Function(f.clone()));
        module.set(name, f)?;
    }
    tool.exclude(mlua::Value::Table(module.clone()));
    exclude_handle_metatable(lua, tool)?;
    Ok(module)
}

fn free(ud: &AnyUserData) -> mlua::Result<()> {
    let handle = ud.borrow::<Handle>().map_err(|_| {
        runtime_error("bad argument to 'free' (snapshot expected, got userdata)".into())
    })?;
    handle.0.borrow_mut().take();
    Ok(())
}

/// Every handle shares one metatable: excluding it hides all handles.
fn exclude_handle_metatable(lua: &Lua, tool: &Tool) -> mlua::Result<()> {
    let probe = lua.create_userdata(Handle(RefCell::new(None)))?;
    let mut mt = std::ptr::null();
    // SAFETY: `exec_raw` pushes `probe` on a protected stack frame of the
    // state; lua_getmetatable and lua_topointer cannot raise.
    unsafe {
        lua.exec_raw::<()>(probe, |state| {
            if mlua::ffi::lua_getmetatable(state, -1) != 0 {
                mt = mlua::ffi::lua_topointer(state, -1);
                mlua::ffi::lua_pop(state, 1);
            }
        })?;
    }
    // mlua keeps the metatable of a userdata type in the registry for the
    // VM's whole life.
    tool.exclude_permanent(mt);
    Ok(())
}
