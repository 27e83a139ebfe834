//! The class of every object, as DevTools groups a heap in its Summary
//! view: tables by their metatable (its `__name`, else the name of the
//! field, upvalue or local that first reached it, e.g. `Entity`), else by
//! the line that created them when allocation sites were recorded, else
//! `table`; Lua functions by definition (`function@bus.lua:16`); userdata
//! by their metatable's `__name`, else `userdata`; other objects by type.

use std::collections::HashMap;

use crate::model::{EdgeName, Kind, ObjId, Snapshot, WideName, ROOT};

mod summary;
pub use summary::{class_rows, ClassRow};

#[derive(Clone)]
pub struct Classes {
    /// Class index of every object.
    of: Vec<u32>,
    names: Vec<String>,
}

impl Classes {
    pub fn name_of(&self, id: ObjId) -> &str {
        &self.names[self.of[id as usize] as usize]
    }

    pub fn index_of(&self, id: ObjId) -> u32 {
        self.of[id as usize]
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    fn new(snap: &Snapshot) -> Classes {
        let n = snap.objects.len();
        let mut metatable = vec![ROOT; n];
        for e in &snap.edges {
            if e.name == EdgeName::Metatable && e.from != ROOT {
                metatable[e.from as usize] = e.to;
            }
        }
        let mut classes = Interner::default();
        let mut by_metatable: HashMap<ObjId, u32> = HashMap::new();
        let mut by_function: HashMap<u32, u32> = HashMap::new();
        let mut of = Vec::with_capacity(n);
        for id in 0..n as ObjId {
            let o = snap.object(id);
            let mt = metatable[id as usize];
            let class = match o.kind {
                Kind::Table | Kind::Userdata if mt != ROOT => {
                    *by_metatable.entry(mt).or_insert_with(|| {
                        let name = metatable_name(snap, mt, o.kind == Kind::Table);
                        classes.id(name.as_deref().unwrap_or(o.kind.name()))
                    })
                }
                Kind::Table => match snap.allocation_site(id) {
                    Some(site) => classes.id(&format!("table@{site}")),
                    None => classes.id("table"),
                },
                Kind::Function => *by_function.entry(o.info).or_insert_with(|| {
                    let source = snap.source(id).unwrap_or_default();
                    classes.id(&format!("function@{source}"))
                }),
                kind => classes.id(kind.name()),
            };
            of.push(class);
        }
        Classes {
            of,
            names: classes.names,
        }
    }
}

/// The class a metatable gives: its `__name`, else (for tables) the name of
/// the first reference to it that has one.
fn metatable_name(snap: &Snapshot, mt: ObjId, by_path: bool) -> Option<String> {
    if let Some(&name) = snap.metatable_names.get(&snap.addr_of(mt)) {
        return Some(snap.names.get(name).to_string());
    }
    if !by_path {
        return None;
    }
    let e = snap.edges.get(snap.object(mt).parent_edge as usize)?;
    match e.name {
        EdgeName::Field(name) | EdgeName::Upvalue(name) => Some(snap.names.get(name).to_string()),
        EdgeName::Wide(i) => match snap.wide_name(i) {
            WideName::Local { name, .. } => Some(snap.names.get(name).to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Texts numbered in the order first seen (class names here, the strings
/// table of a `.heapsnapshot`).
#[derive(Default)]
pub(crate) struct Interner {
    ids: HashMap<String, u32>,
    pub(crate) names: Vec<String>,
}

impl Interner {
    pub(crate) fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }
}

impl Snapshot {
    /// The class of every object, computed on first use.
    pub fn classes(&self) -> &Classes {
        self.classes.get_or_init(|| Classes::new(self))
    }

    /// `short_src:line` of the code that created the object, when the
    /// snapshot recorded allocation sites.
    pub fn allocation_site(&self, _id: ObjId) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests;
