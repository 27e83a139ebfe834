//! Chrome DevTools' `.heapsnapshot` format, so that DevTools' Memory panel
//! (and VS Code's heap snapshot viewer) open a Lua snapshot with their
//! Summary, Comparison, Containment and Retainers views.
//!
//! The format is one JSON document: `snapshot.meta` describes the flat
//! arrays that follow; `nodes` holds 7 numbers per node (type, name, id,
//! self size, edge count, trace node, detachedness), `edges` 3 per edge
//! (type, name or index, the target's offset in `nodes`), grouped by their
//! source node in node order; names are indices into `strings`.
//!
//! Node 0 is the root (`Root`, synthetic). Node names are the classes
//! (`classes`), strings used as keys show their text; ids are the object's
//! address + 1 (odd, as V8's are, and stable for an address across
//! snapshots, which the Comparison view matches by). Edge names are the
//! seed notation's steps (`handlers`, `[metatable]`, `[key]`); integer keys
//! are `element` edges by index, upvalues `context` edges.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::classes::Interner;
use crate::model::{EdgeName, Kind, ObjId, Snapshot, ROOT};

const NODE_FIELDS: usize = 7;

const META: &str = r#"{"meta":{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic","concatenated string","sliced string","symbol","bigint","object shape"],"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],"trace_function_info_fields":["function_id","name","script_name","script_id","line","column"],"trace_node_fields":["id","function_info_index","count","size","children"],"sample_fields":["timestamp_us","last_assigned_id"],"location_fields":["object_index","script_id","line","column"]}"#;

/// Node types, by their index in `node_types[0]`.
const HIDDEN: u8 = 0;
const STRING: u8 = 2;
const OBJECT: u8 = 3;
const CODE: u8 = 4;
const CLOSURE: u8 = 5;
const NATIVE: u8 = 8;
const SYNTHETIC: u8 = 9;

/// Edge types, by their index in `edge_types[0]`.
const CONTEXT: u8 = 0;
const ELEMENT: u8 = 1;
const PROPERTY: u8 = 2;
const INTERNAL: u8 = 3;

fn node_type(kind: Kind) -> u8 {
    match kind {
        Kind::Table => OBJECT,
        Kind::Function | Kind::CFunction => CLOSURE,
        Kind::Thread | Kind::Userdata | Kind::Cdata => NATIVE,
        Kind::String => STRING,
        Kind::Proto => CODE,
        Kind::Upvalue => HIDDEN,
    }
}

/// The id of an object in the file.
pub fn node_id(snap: &Snapshot, id: ObjId) -> u64 {
    snap.addr_of(id) as u64 + 1
}

/// Writes `snap` as a `.heapsnapshot` document.
pub fn write(snap: &Snapshot, out: &mut dyn Write) -> io::Result<()> {
    let n = snap.objects.len();
    let classes = snap.classes();
    let mut strings = Interner::default();
    // Edges by source node (0 = root, id + 1 for objects).
    let mut start = vec![0u32; n + 2];
    snap.for_each_edge(|i, to| {
        if to != ROOT {
            let e = snap.edge(i);
            start[slot(e.from) + 1] += 1;
        }
    });
    for i in 0..=n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut by_source = vec![0u32; start[n + 1] as usize];
    snap.for_each_edge(|i, to| {
        if to != ROOT {
            let s = &mut fill[slot(snap.edge(i).from)];
            by_source[*s as usize] = i;
            *s += 1;
        }
    });

    // Key strings show their text; other strings have none to show.
    let mut text_of: HashMap<ObjId, u32> = HashMap::new();
    for (name, &obj) in snap.key_objects.iter().enumerate() {
        if obj != ROOT {
            text_of.insert(obj, name as u32);
        }
    }
    let class_names: Vec<u32> = classes.names().iter().map(|c| strings.id(c)).collect();

    let mut w = io::BufWriter::with_capacity(1 << 20, out);
    write!(
        w,
        "{{\"snapshot\":{META},\"node_count\":{},\"edge_count\":{},\"trace_function_count\":0}},\n\"nodes\":[",
        n + 1,
        start[n + 1]
    )?;
    let root_name = strings.id(&snap.root_label);
    write!(w, "{SYNTHETIC},{root_name},1,0,{},0,0", start[1] - start[0])?;
    for id in 0..n as ObjId {
        let o = snap.object(id);
        let name = match (o.kind, text_of.get(&id)) {
            (Kind::String, Some(&t)) => strings.id(snap.names.get(t)),
            _ => class_names[classes.index_of(id) as usize],
        };
        let size = if o.kind.is_reported() { o.size } else { 0 };
        let edges = start[id as usize + 2] - start[id as usize + 1];
        write!(
            w,
            ",\n{},{name},{},{size},{edges},0,0",
            node_type(o.kind),
            node_id(snap, id)
        )?;
    }
    w.write_all(b"],\n\"edges\":[")?;
    let mut text = String::new();
    for (k, &i) in by_source.iter().enumerate() {
        let e = snap.edge(i);
        let to = (e.to as usize + 1) * NODE_FIELDS;
        let (kind, name) = match e.name {
            EdgeName::Int(index) if index >= 0 => (ELEMENT, index as u32),
            name => {
                text.clear();
                snap.edge_text(name, &mut text);
                let kind = match name {
                    EdgeName::Upvalue(_) | EdgeName::AnonUpvalue => CONTEXT,
                    EdgeName::Field(_) | EdgeName::Wide(_) | EdgeName::Int(_) => PROPERTY,
                    EdgeName::Bool(_) | EdgeName::Globals | EdgeName::Registry => PROPERTY,
                    _ => INTERNAL,
                };
                (kind, strings.id(&text))
            }
        };
        let sep = if k == 0 { "" } else { ",\n" };
        write!(w, "{sep}{kind},{name},{to}")?;
    }
    w.write_all(b"],\n\"trace_function_infos\":[],\"trace_tree\":[],\"samples\":[],\"locations\":[],\n\"strings\":[")?;
    for (k, s) in strings.names.iter().enumerate() {
        if k > 0 {
            w.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut w, s)?;
    }
    w.write_all(b"]}\n")?;
    w.flush()
}

#[inline]
fn slot(from: ObjId) -> usize {
    if from == ROOT {
        0
    } else {
        from as usize + 1
    }
}
