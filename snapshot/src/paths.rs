//! Retention paths in the seeds' notation (`docs/REPORTS.md`).

use std::fmt::Write;

use crate::depths::Depths;
use crate::model::{EdgeName, Kind, ObjId, Snapshot, WideName, IMPLIED, ROOT};

/// Paths shown per object: the shortest one and 7 through other parents.
pub const MAX_PATHS: usize = 8;
/// Steps kept at the start and end of a longer path (see `shortest_path`).
pub const PATH_HEAD: usize = 12;
pub const PATH_TAIL: usize = 24;

impl Snapshot {
    /// The type tag of an object: `(T)`, `(L@bus.lua:16)`, `(S@co.lua:3)`...
    pub fn tag(&self, id: ObjId) -> String {
        let mut out = String::new();
        self.write_tag(id, &mut out);
        out
    }

    /// Appends [`Snapshot::tag`] to `out` (paths write tens of tags each).
    fn write_tag(&self, id: ObjId, out: &mut String) {
        let o = self.object(id);
        let _ = match o.kind {
            Kind::Table => out.write_str("(T)"),
            Kind::CFunction => out.write_str("(C)"),
            Kind::Userdata => out.write_str("(U)"),
            Kind::String => out.write_str("(A)"),
            Kind::Upvalue => out.write_str("(V)"),
            Kind::Cdata => out.write_str("(D)"),
            Kind::Function | Kind::Proto => {
                let f = &self.functions[o.info as usize];
                let letter = if o.kind == Kind::Function { 'L' } else { 'P' };
                write!(out, "({letter}@{}:{})", self.names.get(f.short_src), f.line)
            }
            Kind::Thread => {
                let stack = &self.threads[o.info as usize];
                if stack.is_empty() {
                    out.write_str("(S)")
                } else {
                    write!(out, "(S@{stack})")
                }
            }
        };
    }

    /// `short_src:linedefined` of a Lua function.
    pub fn source(&self, id: ObjId) -> Option<String> {
        let f = self.function_info(id)?;
        Some(format!("{}:{}", self.names.get(f.short_src), f.line))
    }

    pub(crate) fn edge_text(&self, name: EdgeName, out: &mut String) {
        let names = &self.names;
        let frame = |func: u32| {
            let f = &self.functions[func as usize];
            format!("{{#{}:{}}}", names.get(f.short_src), f.line)
        };
        let _ = match name {
            EdgeName::Registry => write!(out, "[registry]"),
            EdgeName::BasicMetatable(t) => write!(out, "[metatable:{}]", basic_type_name(t)),
            EdgeName::Root(n) => write!(out, "[{}]", names.get(n)),
            EdgeName::Globals => write!(out, "_G"),
            EdgeName::Field(n) => write_key(names.get(n), out),
            EdgeName::Int(i) => write!(out, "[{i}]"),
            EdgeName::Bool(b) => write!(out, "[{b}]"),
            EdgeName::Key => write!(out, "[key]"),
            EdgeName::Metatable => write!(out, "[metatable]"),
            EdgeName::Upvalue(n) => write!(out, "{}", names.get(n)),
            EdgeName::AnonUpvalue => write!(out, "[upvalue]"),
            EdgeName::UserValue(i) => write!(out, "[uservalue:{i}]"),
            EdgeName::Stack(i) => write!(out, "[stack:{i}]"),
            EdgeName::Proto => write!(out, "[proto]"),
            EdgeName::Constant => write!(out, "[constant]"),
            // Paths show a cell and its value as one step (see
            // `write_steps`): this only names the edge on its own.
            EdgeName::CellValue => write!(out, "[value]"),
            EdgeName::Environment => write!(out, "[environment]"),
            EdgeName::TraceConstant => write!(out, "[trace constant]"),
            EdgeName::Wide(w) => match self.wide_name(w) {
                WideName::Int(i) => write!(out, "[{i}]"),
                WideName::Float(f) => write!(out, "[{}]", lua_number(f)),
                WideName::LightKey(p) => write!(out, "[{p:#x}]"),
                WideName::ObjectKey(kind, p) => write!(out, "[{}:{p:#x}]", kind_key_name(kind)),
                WideName::Local { name, func } => write!(out, "{}{}", names.get(name), frame(func)),
                WideName::Vararg { n, func } => write!(out, "(vararg:{n}){}", frame(func)),
            },
        };
    }

    /// The shortest path from the root to `id`.
    pub fn shortest_path(&self, id: ObjId) -> String {
        let (depth, at_cut) = self.depth_and_cut(id);
        let mut out = self.root_label.clone();
        let shown = (PATH_HEAD + PATH_TAIL) as u32;
        if depth <= shown {
            self.write_steps(id, depth, &mut out);
        } else {
            // A node deep in a long chain would otherwise print the whole
            // chain: keep where it starts and how it ends.
            let head = at_cut.unwrap_or_else(|| self.ancestor_at(id, depth, PATH_HEAD as u32));
            self.write_steps(head, PATH_HEAD as u32, &mut out);
            let _ = write!(out, "->...({} more steps)...", depth - shown);
            self.write_steps(id, PATH_TAIL as u32, &mut out);
        }
        out
    }

    /// The depth of `id` and, from [`Depths`] when they are built, its
    /// ancestor at depth [`PATH_HEAD`]. Builds them once the paths asked so
    /// far have walked as many steps as there are objects.
    fn depth_and_cut(&self, id: ObjId) -> (u32, Option<ObjId>) {
        let indexed = |d: &Depths| (d.depth(id), Some(d.at_cut(id)));
        if let Some(d) = self.depths.get() {
            return indexed(d);
        }
        let depth = self.depth_by_walking(id);
        if self.path_budget.spend(depth as usize, self.objects.len()) {
            return indexed(
                self.depths
                    .get_or_init(|| Depths::new(self, PATH_HEAD as u32)),
            );
        }
        (depth, None)
    }

    /// Writes the last `count` steps of the path to `id`, in root-to-`id`
    /// order. An upvalue cell on the way is no step of its own: its value
    /// is shown as reached from the function by the upvalue's name, as
    /// users write it (`(L@f.lua:3)state->(T)...`).
    fn write_steps(&self, id: ObjId, count: u32, out: &mut String) {
        let mut steps: Vec<(ObjId, EdgeName)> = Vec::with_capacity(count as usize);
        let mut at = id;
        while at != ROOT {
            let e = self.edges[self.object(at).parent_edge as usize];
            if at != id && self.kind_of(at) == Kind::Upvalue {
                if let Some(last) = steps.last_mut() {
                    last.1 = e.name;
                }
            } else if steps.len() == count as usize {
                break;
            } else {
                steps.push((at, e.name));
            }
            at = e.from;
        }
        for &(obj, name) in steps.iter().rev() {
            out.push_str("->");
            self.write_tag(obj, out);
            self.edge_text(name, out);
        }
    }

    /// The shortest path, then one path through each other parent (at most
    /// `max` in all), in the order the walk met those parents.
    pub fn paths(&self, id: ObjId, max: usize) -> Vec<String> {
        let inc = self.incoming();
        let of = |id: ObjId| {
            let range = inc.start[id as usize] as usize..inc.start[id as usize + 1] as usize;
            &inc.edges[range]
        };
        self.paths_from(id, &self.through_cells(of(id), of), max)
    }

    /// Incoming edges with those from upvalue cells replaced by the edges
    /// into the cells (from the functions), in walk order: the referrers
    /// users know, as if functions held their upvalues' values directly.
    fn through_cells<'a>(&self, incoming: &[u32], cell: impl Fn(ObjId) -> &'a [u32]) -> Vec<u32> {
        let is_cell = |e: u32| {
            let from = self.edge(e).from;
            from != ROOT && self.kind_of(from) == Kind::Upvalue
        };
        if !incoming.iter().any(|&e| e & IMPLIED == 0 && is_cell(e)) {
            return incoming.to_vec();
        }
        let mut out = Vec::with_capacity(incoming.len());
        for &e in incoming {
            if e & IMPLIED == 0 && is_cell(e) {
                out.extend_from_slice(cell(self.edges[e as usize].from));
            } else {
                out.push(e);
            }
        }
        // Walk order: by edge, an implied key edge right after its edge.
        out.sort_by_key(|&e| (e & !IMPLIED, e & IMPLIED));
        out.dedup();
        out
    }

    /// `paths` of several objects. For a few objects of a big snapshot one
    /// pass over the edges is much cheaper than building the incoming-edge
    /// index that `paths` uses.
    pub fn paths_of(&self, ids: &[ObjId], max: usize) -> Vec<Vec<String>> {
        let few = ids.len().saturating_mul(64) < self.objects.len();
        if self.incoming.get().is_some() || !few {
            return ids.iter().map(|&id| self.paths(id, max)).collect();
        }
        let mut is_wanted = vec![false; self.objects.len()];
        for &id in ids {
            is_wanted[id as usize] = true;
        }
        let mut wanted: std::collections::HashMap<ObjId, Vec<u32>> =
            ids.iter().map(|&id| (id, Vec::new())).collect();
        self.for_each_edge(|i, to| {
            if to != ROOT && is_wanted[to as usize] {
                if let Some(list) = wanted.get_mut(&to) {
                    list.push(i);
                }
            }
        });
        // The upvalue cells that hold wanted objects: their own referrers
        // take their place (see `through_cells`), one more pass.
        let mut cells: std::collections::HashMap<ObjId, Vec<u32>> = wanted
            .values()
            .flatten()
            .filter(|&&e| e & IMPLIED == 0)
            .map(|&e| self.edges[e as usize].from)
            .filter(|&from| from != ROOT && self.kind_of(from) == Kind::Upvalue)
            .map(|c| (c, Vec::new()))
            .collect();
        if !cells.is_empty() {
            for (i, e) in self.edges.iter().enumerate() {
                if e.to != ROOT && self.kind_of(e.to) == Kind::Upvalue {
                    if let Some(list) = cells.get_mut(&e.to) {
                        list.push(i as u32);
                    }
                }
            }
        }
        let cell = |c: ObjId| cells.get(&c).map_or(&[][..], Vec::as_slice);
        ids.iter()
            .map(|id| self.paths_from(*id, &self.through_cells(&wanted[id], cell), max))
            .collect()
    }

    fn paths_from(&self, id: ObjId, incoming: &[u32], max: usize) -> Vec<String> {
        let mut paths = vec![self.shortest_path(id)];
        let mut first = self.object(id).parent_edge;
        // Reached through an upvalue cell: the function that reached the
        // cell is the parent the first path shows.
        let via = self.edges[first as usize].from;
        if via != ROOT && self.kind_of(via) == Kind::Upvalue {
            first = self.object(via).parent_edge;
        }
        // The first path already shows its parent: a second edge from the
        // same parent (two locals of one thread, two keys of one table) adds
        // no new way the object is held, as in the seeds' listings.
        let mut parents: Vec<ObjId> = vec![self.edges[first as usize].from];
        for &e in incoming {
            if paths.len() >= max {
                break;
            }
            let edge = self.edge(e);
            if e == first || edge.from == id || edge.from == ROOT || parents.contains(&edge.from) {
                continue;
            }
            parents.push(edge.from);
            let mut p = self.shortest_path(edge.from);
            p.push_str("->");
            self.write_tag(id, &mut p);
            self.edge_text(edge.name, &mut p);
            paths.push(p);
        }
        paths
    }
}

fn write_key(key: &str, out: &mut String) -> std::fmt::Result {
    let is_ident = !key.is_empty()
        && !key.starts_with(|c: char| c.is_ascii_digit())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if is_ident {
        return out.write_str(key);
    }
    let mut cut = key.len().min(40);
    while !key.is_char_boundary(cut) {
        cut -= 1;
    }
    let shown: String = key[..cut].escape_debug().collect();
    let more = if cut < key.len() { "..." } else { "" };
    write!(out, "[\"{shown}{more}\"]")
}

/// Lua's `%.14g` rendering of a float key (`1.0`, `0.5`, `1e+100`).
pub fn lua_number(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    if f == f.trunc() && f.abs() < 1e15 {
        return format!("{f:.1}");
    }
    let s = format!("{f}");
    if s.len() > 17 {
        format!("{f:e}")
    } else {
        s
    }
}

fn basic_type_name(tag: u8) -> &'static str {
    match tag {
        0 => "nil",
        1 => "boolean",
        2 => "lightuserdata",
        3 => "number",
        4 => "string",
        6 => "function",
        8 => "thread",
        // LuaJIT's metatable of FFI data (see `vm::luajit`).
        crate::model::CDATA_TAG => "cdata",
        _ => "?",
    }
}

fn kind_key_name(kind: Kind) -> &'static str {
    match kind {
        Kind::CFunction | Kind::Function => "function",
        other => other.name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_are_not_identifiers_are_quoted() {
        let mut s = String::new();
        write_key("on tick", &mut s).unwrap();
        assert_eq!(s, "[\"on tick\"]");
        s.clear();
        write_key("onTick_2", &mut s).unwrap();
        assert_eq!(s, "onTick_2");
        s.clear();
        write_key("1st", &mut s).unwrap();
        assert_eq!(s, "[\"1st\"]");
    }

    #[test]
    fn floats_print_like_lua() {
        assert_eq!(lua_number(2.0), "2.0");
        assert_eq!(lua_number(0.5), "0.5");
        assert_eq!(lua_number(-3.25), "-3.25");
    }
}
