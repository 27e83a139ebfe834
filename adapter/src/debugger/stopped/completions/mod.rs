//! The `completions` request: names for the Debug Console and condition
//! editors, read from the stopped frame without running the script's code.
//!
//! A plain name completes to the frame's locals, its upvalues, the globals
//! (of the frame's `_ENV`) and Lua's keywords. After `a.b.c.` or `a.b.c:`
//! the chain is resolved by raw reads, and its fields are listed: the
//! value's own string keys, then those of its metatable's `__index` when
//! that is a table (so an object shows its class's methods), read raw.
//! No metamethod runs: an `__index` function is never called, `__pairs`
//! never consulted. Tables are read by slot (`table_pages`): at most
//! [`SCAN`] entries of each, so a table of millions costs a bounded read,
//! and at most [`TARGETS`] proposals come back.

mod parse;

use std::collections::HashSet;
use std::path::Path;

use dap::types::{CompletionItem, CompletionsResponseBody};
use mlua::{Lua, Table, Value};

use super::raw_fields::{index_chain, raw_field};
use super::values::{is_identifier, show};
use crate::debugger::frame_access::{self as raw, FrameRef};
use crate::debugger::table_pages;

/// Entries read from one table at most.
const SCAN: usize = 20_000;
/// Proposals returned at most.
const TARGETS: usize = 1000;
/// Characters of a value shown in `detail`.
const DETAIL: usize = 80;

const KEYWORDS: &[&str] = &[
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
    "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
];

/// The proposals at `column` (1-based, UTF-16) of `line` (1-based) of
/// `text`, in `frame` or the globals.
pub fn complete(
    lua: &Lua,
    frame: Option<&FrameRef>,
    text: &str,
    line: usize,
    column: usize,
    base_dir: &Path,
) -> CompletionsResponseBody {
    let site = parse::line_of(text, line).and_then(|l| parse::site(l, column.saturating_sub(1)));
    let Some(site) = site else {
        return CompletionsResponseBody::default();
    };
    let scope = Scope::of(lua, frame);
    let mut found = Found::new(&site.prefix);
    match site.chain.split_first() {
        None => {
            for (name, value) in &scope.names {
                found.add(
                    lua,
                    name,
                    value,
                    if is_function(value) {
                        "function"
                    } else {
                        "variable"
                    },
                    base_dir,
                );
            }
            let globals = Value::Table(scope.globals.clone());
            fields(lua, &globals, &mut found, Fields::Globals, base_dir);
            for keyword in KEYWORDS {
                found.add(lua, keyword, &Value::Nil, "keyword", base_dir);
            }
        }
        Some((root, path)) => {
            let mut value = scope.lookup(root);
            for name in path {
                value = raw_field(lua, &value, name);
            }
            let kind = if site.method {
                Fields::Methods
            } else {
                Fields::All
            };
            fields(lua, &value, &mut found, kind, base_dir);
        }
    }
    let start = i64::try_from(site.start + 1).unwrap_or(i64::MAX);
    let length = i64::try_from(site.prefix.encode_utf16().count()).unwrap_or(0);
    let mut targets = found.items;
    targets.sort_by(|a, b| a.label.cmp(&b.label));
    targets.truncate(TARGETS);
    for t in &mut targets {
        t.start = Some(start);
        t.length = Some(length);
    }
    CompletionsResponseBody { targets }
}

/// The names a frame sees: locals (innermost last wins), upvalues, and its
/// globals table.
struct Scope {
    names: Vec<(String, Value)>,
    globals: Table,
}

impl Scope {
    fn of(lua: &Lua, frame: Option<&FrameRef>) -> Scope {
        let mut names = Vec::new();
        let mut globals = lua.globals();
        if let Some(frame) = frame {
            let mut locals: Vec<(String, Value)> = frame
                .locals(lua)
                .into_iter()
                .filter(|l| l.index > 0)
                .map(|l| (l.name, l.value))
                .collect();
            // The innermost of same-named locals comes first.
            locals.reverse();
            names.extend(locals);
            if let Some(f) = frame.function(lua) {
                for (name, _, value) in raw::upvalues(lua, &f) {
                    if name == "_ENV" {
                        if let Value::Table(t) = &value {
                            globals = t.clone();
                        }
                    }
                    names.push((name, value));
                }
            }
        }
        Scope { names, globals }
    }

    fn lookup(&self, name: &str) -> Value {
        match self.names.iter().find(|(n, _)| n == name) {
            Some((_, value)) => value.clone(),
            None => self.globals.raw_get(name).unwrap_or(Value::Nil),
        }
    }
}

/// The proposals so far, one per name (the first found wins).
struct Found {
    prefix: String,
    seen: HashSet<String>,
    items: Vec<CompletionItem>,
}

impl Found {
    fn new(prefix: &str) -> Found {
        Found {
            prefix: prefix.to_ascii_lowercase(),
            seen: HashSet::new(),
            items: Vec::new(),
        }
    }

    fn add(&mut self, lua: &Lua, name: &str, value: &Value, kind: &str, base_dir: &Path) {
        if !name.to_ascii_lowercase().starts_with(&self.prefix)
            || !self.seen.insert(name.to_owned())
        {
            return;
        }
        let detail = (kind != "keyword").then(|| {
            let shown = show(lua, value, base_dir).value;
            match shown.char_indices().nth(DETAIL) {
                Some((cut, _)) => format!("{}…", &shown[..cut]),
                None => shown,
            }
        });
        self.items.push(CompletionItem {
            label: name.to_owned(),
            type_: Some(kind.to_owned()),
            detail,
            ..CompletionItem::default()
        });
    }
}

fn is_function(value: &Value) -> bool {
    matches!(value, Value::Function(_))
}

/// Which fields are proposed, and as what.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fields {
    /// Global names: functions and variables.
    Globals,
    /// After `.`: functions and fields.
    All,
    /// After `:`: only functions, as methods.
    Methods,
}

/// The string keys that are names, of `value` and its `__index` tables.
fn fields(lua: &Lua, value: &Value, found: &mut Found, which: Fields, base_dir: &Path) {
    for table in index_chain(lua, value) {
        // Integer keys live in the array part: only the hash part is read.
        let (array, all) = table_pages::slot_counts(&table);
        let (entries, _) = table_pages::entries(lua, &table, array, all, SCAN, 0);
        for (_, key, field) in entries {
            let Value::String(key) = key else { continue };
            let Ok(name) = key.to_str() else { continue };
            let kind = match (which, is_function(&field)) {
                (Fields::Methods, true) => "method",
                (Fields::Methods, false) => continue,
                (_, true) => "function",
                (Fields::Globals, false) => "variable",
                (Fields::All, false) => "field",
            };
            if !is_identifier(&name) {
                continue;
            }
            found.add(lua, &name, &field, kind, base_dir);
        }
    }
}
