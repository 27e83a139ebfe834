//! The snapshot model: a compact object graph copied out of the VM.
//!
//! A snapshot owns everything it needs to explain itself later (names of keys,
//! function sources, thread stacks), because the VM keeps running and the
//! strings it came from may be freed.

use crate::pagemap::PageMap;

/// Index of an object in [`Snapshot::objects`]; also its breadth-first rank.
pub type ObjId = u32;
/// Marks "no object": the virtual root, or no parent.
pub const ROOT: ObjId = u32::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Table,
    Function,
    CFunction,
    Thread,
    Userdata,
    String,
    /// Function prototypes: walked for their constants, never reported.
    Proto,
}

impl Kind {
    /// The `type` field of the JSON reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Table => "table",
            Kind::Function => "function",
            Kind::CFunction => "cfunction",
            Kind::Thread => "thread",
            Kind::Userdata => "userdata",
            Kind::String => "string",
            Kind::Proto => "proto",
        }
    }

    /// Whether objects of this kind are shown to users.
    pub fn is_reported(self) -> bool {
        self != Kind::Proto
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Object {
    pub addr: usize,
    pub kind: Kind,
    /// Bytes the VM allocated for the object itself.
    pub size: usize,
    /// Tables: non-nil entries. Others: 0.
    pub entries: u32,
    /// Functions: index into [`Snapshot::functions`]; threads: into
    /// [`Snapshot::threads`]; userdata: bytes from the header to the memory
    /// block; others unused.
    pub info: u32,
    /// Edge through which the walk first reached the object (the last step of
    /// its shortest path).
    pub parent_edge: u32,
}

/// Why an object keeps another alive. Strings are ids into [`Names`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EdgeName {
    Registry,
    BasicMetatable(u8),
    Root(u32),
    Globals,
    Field(u32),
    Int(i64),
    Float(f64),
    Bool(bool),
    LightKey(usize),
    ObjectKey(Kind, usize),
    Key,
    Metatable,
    Upvalue(u32),
    AnonUpvalue,
    UserValue(u16),
    Local { name: u32, func: u32 },
    Vararg { n: u16, func: u32 },
    Stack(u32),
    Proto,
    Constant,
}

#[derive(Clone, Copy, Debug)]
pub struct Edge {
    pub from: ObjId,
    pub to: ObjId,
    pub name: EdgeName,
}

/// Where a Lua function is defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionInfo {
    /// The chunk name as loaded (`@/abs/path.lua`, `=stdin`, or source text).
    pub chunk: u32,
    /// Display form: the file relative to the base directory, or `short_src`.
    pub short_src: u32,
    pub line: i32,
}

/// Interned strings copied out of the VM, in one arena.
#[derive(Clone, Default)]
pub struct Names {
    text: String,
    spans: Vec<(u32, u32)>,
}

impl Names {
    pub fn push(&mut self, s: &str) -> u32 {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.spans.push((start, s.len() as u32));
        (self.spans.len() - 1) as u32
    }

    pub fn get(&self, id: u32) -> &str {
        let (start, len) = self.spans[id as usize];
        &self.text[start as usize..(start + len) as usize]
    }

    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.spans.capacity() * 8
    }
}

/// One walk of the heap.
#[derive(Clone)]
pub struct Snapshot {
    pub objects: Vec<Object>,
    pub edges: Vec<Edge>,
    pub names: Names,
    pub functions: Vec<FunctionInfo>,
    /// Call stack of each thread, already formatted (`a.lua:3 [C]`).
    pub threads: Vec<String>,
    /// Label of the virtual root (`Root`).
    pub root_label: String,
    /// Position of this snapshot in the free log's timeline (see `identity`).
    pub epoch: u64,
    /// `collectgarbage("count")` in bytes when the snapshot was taken.
    pub heap_bytes: usize,
    pub(crate) index: std::sync::Arc<PageMap>,
    /// Incoming edges, built on first use (see `paths`).
    pub(crate) incoming: std::sync::OnceLock<Incoming>,
}

/// Incoming edges of every object, in compressed-row form.
pub(crate) struct Incoming {
    pub start: Vec<u32>,
    pub edges: Vec<u32>,
}

impl Clone for Incoming {
    fn clone(&self) -> Self {
        Incoming {
            start: self.start.clone(),
            edges: self.edges.clone(),
        }
    }
}

impl Snapshot {
    pub fn object(&self, id: ObjId) -> &Object {
        &self.objects[id as usize]
    }

    pub fn find(&self, addr: usize) -> Option<ObjId> {
        self.index.get(addr)
    }

    /// Objects shown to users (everything but prototypes).
    pub fn reported(&self) -> impl Iterator<Item = ObjId> + '_ {
        self.objects
            .iter()
            .enumerate()
            .filter(|(_, o)| o.kind.is_reported())
            .map(|(i, _)| i as ObjId)
    }

    pub fn object_count(&self) -> usize {
        self.objects.iter().filter(|o| o.kind.is_reported()).count()
    }

    pub fn total_size(&self) -> usize {
        self.objects
            .iter()
            .filter(|o| o.kind.is_reported())
            .map(|o| o.size)
            .sum()
    }

    /// The address users see for the object: what `tostring` and `%p` print.
    /// For a userdata that is its memory block, which follows the header the
    /// walk identifies it by.
    pub fn display_addr(&self, id: ObjId) -> usize {
        let o = self.object(id);
        match o.kind {
            Kind::Userdata => o.addr + o.info as usize,
            _ => o.addr,
        }
    }

    /// Where a Lua function is defined, if `id` is one.
    pub fn function_info(&self, id: ObjId) -> Option<&FunctionInfo> {
        let o = self.object(id);
        (o.kind == Kind::Function).then(|| &self.functions[o.info as usize])
    }

    /// Number of edges that point at `id` (the seeds' reference count).
    pub fn ref_count(&self, id: ObjId) -> usize {
        let inc = self.incoming();
        (inc.start[id as usize + 1] - inc.start[id as usize]) as usize
    }

    pub(crate) fn incoming(&self) -> &Incoming {
        self.incoming.get_or_init(|| {
            let n = self.objects.len();
            let mut start = vec![0u32; n + 1];
            for e in &self.edges {
                if e.to != ROOT {
                    start[e.to as usize + 1] += 1;
                }
            }
            for i in 0..n {
                start[i + 1] += start[i];
            }
            let mut fill = start.clone();
            let mut edges = vec![0u32; self.edges.len()];
            for (i, e) in self.edges.iter().enumerate() {
                if e.to != ROOT {
                    let slot = &mut fill[e.to as usize];
                    edges[*slot as usize] = i as u32;
                    *slot += 1;
                }
            }
            Incoming { start, edges }
        })
    }

    /// Bytes this snapshot holds outside the Lua heap.
    pub fn memory_bytes(&self) -> usize {
        self.objects.capacity() * std::mem::size_of::<Object>()
            + self.edges.capacity() * std::mem::size_of::<Edge>()
            + self.names.heap_bytes()
            + self.index.heap_bytes()
            + self.functions.capacity() * std::mem::size_of::<FunctionInfo>()
    }
}
