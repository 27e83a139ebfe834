//! The snapshot model: a compact object graph copied out of the VM.
//!
//! A snapshot owns everything it needs to explain itself later (names of keys,
//! function sources, thread stacks), because the VM keeps running and the
//! strings it came from may be freed.

use crate::classes::Classes;
use crate::depths::{Depths, PathBudget};
use crate::dominators::Dominators;
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
    /// An upvalue cell (`UpVal`): the VM object a Lua function's upvalue
    /// lives in, shared by the closures that capture the same local. Paths
    /// show the edge through it as one step from the function to the value.
    Upvalue,
    /// LuaJIT's FFI data (`ffi.new`, boxed 64-bit integers...): tag `(D)`.
    Cdata,
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
            Kind::Upvalue => "upvalue",
            Kind::Cdata => "cdata",
        }
    }

    /// Whether objects of this kind are shown to users.
    pub fn is_reported(self) -> bool {
        self != Kind::Proto
    }
}

/// An object as reports see it (decoded from its [`Record`]).
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

/// How an object is stored: 16 bytes instead of the 32 of [`Object`]. A
/// snapshot holds one per object and the walk writes them all, so their size
/// is a large part of its memory and of its page faults. The address and the
/// size share one word; the rare objects whose address or size does not fit
/// keep them in [`Snapshot`]'s `wide` map.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Record {
    /// Bits 0-3: the kind; bits 4-47: the address (most objects are 16-byte
    /// aligned, user space ends below 2^48); bits 48-63: the size,
    /// [`WIDE_SIZE`] when it is in `wide`, [`WIDE_ADDR`] when the address
    /// (not 16-byte aligned: LuaJIT's own allocator aligns to 8) and the
    /// size are both there.
    word: u64,
    parent_edge: u32,
    /// Tables: `entries`; other kinds: `info` (no kind has both).
    extra: u32,
}

const KIND_BITS: u64 = 0b1111;
const ADDR_BITS: u64 = 0x0000_FFFF_FFFF_FFF0;
const SIZE_SHIFT: u32 = 48;
const WIDE_SIZE: u64 = 0xFFFF;
const WIDE_ADDR: u64 = 0xFFFE;
/// Kinds by their number in a record.
const KINDS: [Kind; 9] = [
    Kind::Table,
    Kind::Function,
    Kind::CFunction,
    Kind::Thread,
    Kind::Userdata,
    Kind::String,
    Kind::Proto,
    Kind::Upvalue,
    Kind::Cdata,
];

/// Address and size of an object whose record cannot hold them.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Wide {
    addr: usize,
    size: usize,
}

impl Record {
    #[inline]
    pub(crate) fn kind(&self) -> Kind {
        KINDS[(self.word & KIND_BITS) as usize]
    }

    /// The address, unless it is in `wide`.
    #[inline]
    fn addr(&self) -> Option<usize> {
        (self.word >> SIZE_SHIFT != WIDE_ADDR).then_some((self.word & ADDR_BITS) as usize)
    }

    /// The size, unless it is in `wide`.
    #[inline]
    fn size(&self) -> Option<usize> {
        let size = self.word >> SIZE_SHIFT;
        (size < WIDE_ADDR).then_some(size as usize)
    }
}

/// The basic-type tag that names LuaJIT's metatable of FFI data in
/// [`EdgeName::BasicMetatable`] (Lua's own tags end at 8).
pub const CDATA_TAG: u8 = 10;

/// Why an object keeps another alive. Strings are ids into [`Names`].
///
/// Eight bytes, so that an [`Edge`] takes 16: names whose payload needs more
/// than 32 bits are rare and live in [`Snapshot::wide_names`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeName {
    Registry,
    BasicMetatable(u8),
    Root(u32),
    Globals,
    Field(u32),
    /// Integer keys that fit in 32 bits; others are [`WideName::Int`].
    Int(i32),
    Bool(bool),
    Key,
    Metatable,
    Upvalue(u32),
    AnonUpvalue,
    UserValue(u16),
    Stack(u32),
    Proto,
    Constant,
    /// From an upvalue cell to its value.
    CellValue,
    /// LuaJIT: from a function, thread or userdata to its environment table.
    Environment,
    /// LuaJIT: from a prototype to an object a compiled trace of it holds
    /// as a constant (traces keep their constants alive).
    TraceConstant,
    /// Index into [`Snapshot::wide_names`].
    Wide(u32),
}

/// Edge names with a payload wider than 32 bits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WideName {
    Int(i64),
    Float(f64),
    LightKey(usize),
    ObjectKey(Kind, usize),
    Local { name: u32, func: u32 },
    Vararg { n: u16, func: u32 },
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

/// Marks an index into the incoming-edge lists as the key edge implied by
/// the edge at the index without this bit (see [`Snapshot::edge`]).
pub(crate) const IMPLIED: u32 = 1 << 31;

/// One walk of the heap.
#[derive(Clone)]
pub struct Snapshot {
    pub(crate) objects: Vec<Record>,
    /// Addresses and sizes too big for their record, by object id.
    pub(crate) wide: std::collections::HashMap<ObjId, Wide>,
    /// Recorded edges. A table entry `t.k = v` with a string key and an
    /// object value has two: `t -> v` named `k`, and `t -> "k"` named `[key]`.
    /// When the key string was reached before, the second is not stored but
    /// implied by a bit in `keyed` (a list node would otherwise need two
    /// edges); [`Snapshot::edge`] and the incoming-edge lists restore it.
    pub edges: Vec<Edge>,
    /// Bit `e`: edge `e` is followed by the implied edge from its table to
    /// its key string.
    pub(crate) keyed: Vec<u64>,
    /// Name id -> the string object it was copied from, for the names of
    /// implied key edges.
    pub(crate) key_objects: Vec<ObjId>,
    pub wide_names: Vec<WideName>,
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
    /// Depths for paths, built once many paths were asked (see `depths`).
    pub(crate) depths: std::sync::OnceLock<Depths>,
    pub(crate) path_budget: PathBudget,
    /// Dominator tree and retained sizes, built on first use.
    pub(crate) dominators: std::sync::OnceLock<Dominators>,
    /// Metatable address -> name id of its `__name` string.
    pub(crate) metatable_names: std::collections::HashMap<usize, u32>,
    /// Class of every object, built on first use (see `classes`).
    pub(crate) classes: std::sync::OnceLock<Classes>,
}

impl Snapshot {
    /// A snapshot of nothing, for the walk to fill.
    pub(crate) fn empty(heap_bytes: usize) -> Snapshot {
        Snapshot {
            objects: Vec::new(),
            wide: Default::default(),
            edges: Vec::new(),
            keyed: Vec::new(),
            key_objects: Vec::new(),
            wide_names: Vec::new(),
            names: Names::default(),
            functions: Vec::new(),
            threads: Vec::new(),
            root_label: String::new(),
            epoch: 0,
            heap_bytes,
            index: std::sync::Arc::new(PageMap::with_capacity(0)),
            incoming: Default::default(),
            depths: Default::default(),
            path_budget: Default::default(),
            dominators: Default::default(),
            metatable_names: Default::default(),
            classes: Default::default(),
        }
    }
}

/// Incoming edges of every object, in compressed-row form. Entries are edge
/// indices, with [`IMPLIED`] set for implied key edges.
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
    #[inline]
    pub fn object(&self, id: ObjId) -> Object {
        let r = self.objects[id as usize];
        let is_table = r.kind() == Kind::Table;
        Object {
            addr: self.addr_of(id),
            kind: r.kind(),
            size: self.size_of(id),
            entries: if is_table { r.extra } else { 0 },
            info: if is_table { 0 } else { r.extra },
            parent_edge: r.parent_edge,
        }
    }

    #[inline]
    pub(crate) fn kind_of(&self, id: ObjId) -> Kind {
        self.objects[id as usize].kind()
    }

    #[inline]
    pub(crate) fn addr_of(&self, id: ObjId) -> usize {
        match self.objects[id as usize].addr() {
            Some(addr) => addr,
            None => self.wide_of(id).addr,
        }
    }

    #[inline]
    pub(crate) fn size_of(&self, id: ObjId) -> usize {
        match self.objects[id as usize].size() {
            Some(size) => size,
            None => self.wide_of(id).size,
        }
    }

    #[cold]
    fn wide_of(&self, id: ObjId) -> Wide {
        self.wide[&id]
    }

    /// Adds an object reached for the first time; its size and the rest
    /// come with [`Snapshot::set_expanded`].
    #[inline]
    pub(crate) fn push_object(&mut self, addr: usize, kind: Kind, parent_edge: u32) {
        let mut word = kind as u64;
        if addr as u64 & !ADDR_BITS == 0 {
            word |= addr as u64;
        } else {
            word |= WIDE_ADDR << SIZE_SHIFT;
            let id = self.objects.len() as ObjId;
            self.wide.insert(id, Wide { addr, size: 0 });
        }
        self.objects.push(Record {
            word,
            parent_edge,
            extra: 0,
        });
    }

    /// Records what expanding object `id` found: `entries` only for
    /// tables, `info` only for other kinds. Called once per object.
    #[inline]
    pub(crate) fn set_expanded(&mut self, id: ObjId, size: usize, entries: u32, info: u32) {
        let r = &mut self.objects[id as usize];
        r.extra = if r.kind() == Kind::Table {
            entries
        } else {
            info
        };
        if r.word >> SIZE_SHIFT == WIDE_ADDR {
            self.wide.entry(id).or_default().size = size;
        } else if (size as u64) < WIDE_ADDR {
            r.word |= (size as u64) << SIZE_SHIFT;
        } else {
            r.word |= WIDE_SIZE << SIZE_SHIFT;
            let addr = r.addr();
            let wide = self.wide.entry(id).or_default();
            wide.size = size;
            if let Some(addr) = addr {
                wide.addr = addr;
            }
        }
    }

    #[inline]
    pub fn find(&self, addr: usize) -> Option<ObjId> {
        // The index has one slot per 32 bytes (see `pagemap`): an address
        // inside a freed object's slot must not find it.
        self.index.get(addr).filter(|&id| self.addr_of(id) == addr)
    }

    /// Objects shown to users (everything but prototypes).
    pub fn reported(&self) -> impl Iterator<Item = ObjId> + '_ {
        self.objects
            .iter()
            .enumerate()
            .filter(|(_, o)| o.kind().is_reported())
            .map(|(i, _)| i as ObjId)
    }

    pub fn object_count(&self) -> usize {
        self.objects
            .iter()
            .filter(|o| o.kind().is_reported())
            .count()
    }

    pub fn total_size(&self) -> usize {
        self.reported().map(|id| self.size_of(id)).sum()
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

    /// The payload of a [`EdgeName::Wide`] name.
    pub fn wide_name(&self, i: u32) -> WideName {
        self.wide_names[i as usize]
    }

    #[inline]
    pub(crate) fn is_keyed(&self, e: usize) -> bool {
        self.keyed
            .get(e / 64)
            .is_some_and(|w| w & (1 << (e % 64)) != 0)
    }

    /// The edge at an index of the incoming-edge lists: a recorded edge, or
    /// with [`IMPLIED`] the key edge that follows it.
    pub(crate) fn edge(&self, i: u32) -> Edge {
        let e = self.edges[(i & !IMPLIED) as usize];
        if i & IMPLIED == 0 {
            return e;
        }
        let EdgeName::Field(key) = e.name else {
            unreachable!("only field edges imply key edges");
        };
        Edge {
            from: e.from,
            to: self.key_objects[key as usize],
            name: EdgeName::Key,
        }
    }

    /// Every edge, implied ones included, in the order the walk met them:
    /// `f(index, target)` with indices as in [`Snapshot::edge`].
    pub(crate) fn for_each_edge(&self, mut f: impl FnMut(u32, ObjId)) {
        for (i, e) in self.edges.iter().enumerate() {
            f(i as u32, e.to);
            if self.is_keyed(i) {
                let EdgeName::Field(key) = e.name else {
                    unreachable!("only field edges imply key edges");
                };
                f(i as u32 | IMPLIED, self.key_objects[key as usize]);
            }
        }
    }

    /// Number of edges that point at `id` (the seeds' reference count).
    /// An edge from an upvalue cell counts as the edges into the cell, one
    /// per function that shares it, as paths show them.
    pub fn ref_count(&self, id: ObjId) -> usize {
        let inc = self.incoming();
        let count = |id: ObjId| (inc.start[id as usize + 1] - inc.start[id as usize]) as usize;
        let range = inc.start[id as usize] as usize..inc.start[id as usize + 1] as usize;
        inc.edges[range]
            .iter()
            .map(|&e| match self.edge(e).from {
                from if from != ROOT && self.kind_of(from) == Kind::Upvalue => count(from),
                _ => 1,
            })
            .sum()
    }

    pub(crate) fn incoming(&self) -> &Incoming {
        self.incoming.get_or_init(|| {
            let n = self.objects.len();
            let mut start = vec![0u32; n + 1];
            let mut total = 0usize;
            self.for_each_edge(|_, to| {
                if to != ROOT {
                    start[to as usize + 1] += 1;
                    total += 1;
                }
            });
            for i in 0..n {
                start[i + 1] += start[i];
            }
            let mut fill = start.clone();
            let mut edges = vec![0u32; total];
            self.for_each_edge(|i, to| {
                if to != ROOT {
                    let slot = &mut fill[to as usize];
                    edges[*slot as usize] = i;
                    *slot += 1;
                }
            });
            Incoming { start, edges }
        })
    }

    /// Bytes this snapshot holds outside the Lua heap.
    pub fn memory_bytes(&self) -> usize {
        self.objects.capacity() * std::mem::size_of::<Record>()
            + self.edges.capacity() * std::mem::size_of::<Edge>()
            + self.keyed.capacity() * 8
            + self.key_objects.capacity() * 4
            + self.wide_names.capacity() * std::mem::size_of::<WideName>()
            + self.names.heap_bytes()
            + self.index.heap_bytes()
            + self.functions.capacity() * std::mem::size_of::<FunctionInfo>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_compact() {
        assert_eq!(std::mem::size_of::<Record>(), 16);
        assert_eq!(std::mem::size_of::<Edge>(), 16);
    }

    #[test]
    fn records_keep_addresses_sizes_entries_and_info() {
        let mut snap = Snapshot::empty(0);
        let cases = [
            (0x7fff_1234_5670, Kind::Table, 80, 3, 0),
            (0x1000, Kind::Function, 40, 0, 11),
            // Too big for the record: a huge table, an address that is not
            // 16-byte aligned, one above 2^48.
            (0x2000, Kind::Table, 5 << 32 | 9, 7, 0),
            (0x3008, Kind::Userdata, 0xFFFF, 0, 40),
            (0xff00_0000_0000_0010, Kind::String, 30, 0, 0),
            // The last kind the three kind bits hold.
            (0x4000, Kind::Upvalue, 40, 0, 0),
        ];
        for (i, &(addr, kind, size, entries, info)) in cases.iter().enumerate() {
            snap.push_object(addr, kind, i as u32 + 100);
            snap.set_expanded(i as ObjId, size, entries, info);
        }
        for (i, &(addr, kind, size, entries, info)) in cases.iter().enumerate() {
            let o = snap.object(i as ObjId);
            assert_eq!(
                (o.addr, o.kind, o.size, o.entries, o.info, o.parent_edge),
                (addr, kind, size, entries, info, i as u32 + 100)
            );
        }
        assert_eq!(snap.wide.len(), 3);
    }
}
