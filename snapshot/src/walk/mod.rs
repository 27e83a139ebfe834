//! The heap walk: breadth-first from the roots, iterative, read-only.
//!
//! Objects are appended to `Snapshot::objects` in the order they are first
//! reached, and that vector is also the work queue: expanding object `i` can
//! only append objects after it. So the walk needs no recursion and no Lua
//! stack, and the first edge that reaches an object is the last step of its
//! shortest path from the root.
//!
//! All reads of VM memory go through `vm` (the version-specific layouts).
//! This file holds the walk's core (roots, the queue, closures, userdata,
//! prototypes); `edges` records edges, `tables` and `threads` expand those
//! two kinds.

use std::collections::HashMap;
use std::os::raw::c_void;
use std::path::Path;
use std::sync::Arc;

use crate::model::{Edge, EdgeName, Kind, ObjId, Record, Snapshot, WideName, ROOT};
use crate::pagemap::PageMap;
use crate::ptrmap::PtrMap;
use crate::vm::current as vm;
use crate::vm::current::TValue;
use edges::{Queued, BATCH};

mod edges;
mod names;
mod tables;
mod threads;

/// Addresses of the tool's own objects (module tables, their functions,
/// metatables of snapshot handles): never reported, never walked through.
#[derive(Clone)]
pub struct Exclusions {
    set: PtrMap,
}

impl Default for Exclusions {
    fn default() -> Self {
        Exclusions {
            set: PtrMap::with_capacity(16),
        }
    }
}

impl Exclusions {
    pub fn insert(&mut self, addr: *const c_void) {
        if !addr.is_null() {
            self.set.get_or_insert(addr as usize, 0);
        }
    }

    pub fn contains(&self, addr: usize) -> bool {
        !self.set.is_empty() && self.set.get(addr).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// A root object named by the caller: a table, Lua function or thread, by
/// the address `lua_topointer` (mlua's `to_pointer`) gives for it.
pub struct RootValue {
    pub name: String,
    pub kind: Kind,
    pub addr: usize,
}

pub enum Roots {
    /// The registry, the basic-type metatables and some extra objects.
    Registry { extra: Vec<RootValue> },
    /// Only what is reachable from one object (`snapshot(tbl, name)`).
    Value(RootValue),
}

pub struct WalkOptions<'a> {
    pub roots: Roots,
    pub exclude: &'a Exclusions,
    /// Chunks under this directory are shown relative to it.
    pub base_dir: Option<&'a Path>,
    /// The registry's integer references (`luaL_ref`) and light-userdata
    /// keys belong to the host program (the tool is a module it loaded,
    /// whose own entries are in `exclude`): walk them. Otherwise they are
    /// the tool's (the VM is the tool's own) and skipped.
    pub host_registry: bool,
}

impl<'a> WalkOptions<'a> {
    /// Everything the registry reaches but `exclude`, paths as Lua names
    /// them: the whole VM, as tests and benchmarks look at it.
    pub fn whole_vm(exclude: &'a Exclusions) -> Self {
        WalkOptions {
            roots: Roots::Registry { extra: Vec::new() },
            exclude,
            base_dir: None,
            host_registry: false,
        }
    }
}

/// Takes a snapshot of the VM that `l` belongs to.
///
/// # Safety
/// `l` must be a live Lua 5.4 state, the walk must run on the thread that owns
/// the VM while Lua code is not running (inside a C function, hook or between
/// calls), and the root objects of `opts.roots` must be alive.
pub unsafe fn take(l: *mut mlua::ffi::lua_State, opts: &WalkOptions) -> Snapshot {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { take_with_progress(l, opts, &mut |_| {}) }
}

/// Takes a snapshot from Rust code that is not inside a Lua callback (tests,
/// benchmarks, tools that embed a VM): the walk runs in a short-lived Rust
/// function called through Lua, so it sees the VM as a callback would.
pub fn take_from_rust(lua: &mlua::Lua, opts: &WalkOptions) -> mlua::Result<Snapshot> {
    let mut taken = None;
    lua.scope(|scope| {
        let walk = scope.create_function_mut(|lua, ()| {
            // SAFETY: inside a callback on the VM's thread, with the VM
            // paused in it; the roots are the caller's live objects.
            taken = Some(unsafe { take(lua.current_thread().state(), opts) });
            Ok(())
        })?;
        walk.call::<()>(())
    })?;
    taken.ok_or_else(|| mlua::Error::runtime("the snapshot function did not run"))
}

/// Objects expanded between two calls of a progress callback: often
/// enough that a cancelled walk stops within milliseconds.
pub const PROGRESS_STEP: usize = 1 << 16;

/// How far a walk is, for progress reports.
#[derive(Debug, Clone, Copy)]
pub struct WalkProgress {
    /// Objects expanded so far.
    pub objects: usize,
    /// Their bytes.
    pub bytes: usize,
    /// The heap's size when the walk started (`collectgarbage("count")`).
    pub heap_bytes: usize,
}

impl WalkProgress {
    /// The share of the heap walked, 0 to 99 (the end is the caller's to
    /// say: the VM's own structures are not objects).
    pub fn percentage(&self) -> f64 {
        if self.heap_bytes == 0 {
            return 0.0;
        }
        (self.bytes as f64 * 100.0 / self.heap_bytes as f64).min(99.0)
    }
}

/// [`take`], calling `progress` with the number of objects walked so far
/// every [`PROGRESS_STEP`] objects (for progress reports on big heaps). The
/// callback runs in the middle of the walk: it must not touch the VM.
///
/// # Safety
/// As for [`take`].
pub unsafe fn take_with_progress(
    l: *mut mlua::ffi::lua_State,
    opts: &WalkOptions,
    progress: &mut dyn FnMut(usize),
) -> Snapshot {
    let mut always = |p: WalkProgress| {
        progress(p.objects);
        true
    };
    // SAFETY: the caller's contract.
    match unsafe { take_cancellable(l, opts, &mut always) } {
        Some(snapshot) => snapshot,
        None => unreachable!("only the progress callback stops a walk"),
    }
}

/// [`take`], calling `progress` every [`PROGRESS_STEP`] objects; when it
/// returns false the walk stops, the collector runs again as before, and
/// there is no snapshot. The callback must not touch the VM.
///
/// # Safety
/// As for [`take`].
pub unsafe fn take_cancellable(
    l: *mut mlua::ffi::lua_State,
    opts: &WalkOptions,
    progress: &mut dyn FnMut(WalkProgress) -> bool,
) -> Option<Snapshot> {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        use mlua::ffi;
        // Reserve the few slots used below before anything else: growing the
        // stack later would allocate in the observed state.
        ffi::lua_checkstack(l, 4);
        let gc_was_running = vm::gc_stop(l);
        let heap_bytes = vm::heap_bytes(l);

        let registry = ffi::lua_topointer(l, ffi::LUA_REGISTRYINDEX) as usize;
        let mut w = Walker::new(heap_bytes, opts, registry);
        w.l = l;
        match &opts.roots {
            Roots::Registry { extra } => {
                w.globals = vm::separate_globals(l);
                w.reach(ROOT, EdgeName::Registry, Kind::Table, registry);
                for (tag, mt) in vm::basic_metatables(l) {
                    w.reach(ROOT, EdgeName::BasicMetatable(tag), Kind::Table, mt);
                }
                for (name, kind, addr) in vm::other_roots(l) {
                    let name = w.snap.names.push(name);
                    w.reach(ROOT, EdgeName::Root(name), kind, addr);
                }
                for root in extra {
                    let name = w.snap.names.push(&root.name);
                    w.reach(ROOT, EdgeName::Root(name), root.kind, root.addr);
                }
            }
            Roots::Value(root) => {
                let name = w.snap.names.push(&root.name);
                w.reach(ROOT, EdgeName::Root(name), root.kind, root.addr);
            }
        }
        let finished = w.run(progress);
        if gc_was_running {
            vm::gc_restart(l);
        }
        if !finished {
            return None;
        }
        // Give back the unused part of the reservation (see `RESERVE`): a
        // mapped block shrinks in place.
        w.snap.objects.shrink_to_fit();
        w.snap.edges.shrink_to_fit();
        w.snap.index = Arc::new(std::mem::replace(&mut w.index, PageMap::with_capacity(0)));
        Some(w.snap)
    }
}

/// Bytes reserved at least for the object and edge lists. Address space
/// only: pages are used as the walk writes them. Blocks this big are always
/// mapped on their own, so freeing a snapshot gives its memory back to the
/// system at once; glibc serves smaller ones from its heap once a freed
/// block has raised its threshold (up to 32 MiB), and keeps them resident.
const RESERVE: usize = 32 << 20;

struct Walker<'a> {
    snap: Snapshot,
    /// Object address -> id; moved into the snapshot when the walk ends.
    index: PageMap,
    opts: &'a WalkOptions<'a>,
    /// The state walked (for what only the VM's global state knows).
    l: *mut mlua::ffi::lua_State,
    registry: usize,
    /// The globals table when the registry does not hold it (LuaJIT: the
    /// main thread's environment), shown as the registry's `_G` so that
    /// paths read the same on every runtime.
    globals: Option<usize>,
    /// Prototypes with compiled traces (LuaJIT) and their root trace.
    traced: Vec<(ObjId, u16)>,
    /// TString address -> name id, so each key string is copied once.
    name_ids: PtrMap,
    /// Proto address -> index in `functions`.
    proto_ids: PtrMap,
    /// Chunk source TString address -> (chunk, short_src) name ids.
    chunk_ids: HashMap<usize, (u32, u32)>,
    /// Metatable address -> weakness + 1.
    weak_modes: PtrMap,
    /// Metatables whose `__name` was looked for (see `classes`).
    named_metatables: PtrMap,
    /// Ephemeron values waiting for their key to be reached.
    pending: HashMap<usize, Vec<(ObjId, EdgeName, TValue)>>,
    ready: Vec<(ObjId, EdgeName, TValue)>,
    /// Edges from unnamed stack slots, followed when the queue drains.
    temporaries: Vec<(ObjId, EdgeName, TValue)>,
    /// Edges found but not yet looked up (see `edges`).
    batch: Vec<Queued>,
    frames: Vec<vm::FrameRecord>,
    locals: Vec<*const c_void>,
    /// The prototype of the last closure expanded.
    last_proto: usize,
    /// Whether there are exclusions at all: checked on every edge.
    excludes: bool,
    /// The string interned last and its name id: tables of one kind, met
    /// one after another, have the same keys.
    last_name: (usize, u32),
    /// Bytes of the objects expanded so far, for progress reports.
    walked_bytes: usize,
}

impl<'a> Walker<'a> {
    fn new(heap_bytes: usize, opts: &'a WalkOptions<'a>, registry: usize) -> Self {
        // Small objects take 40-80 bytes in the VM: size the buffers once.
        let expected = (heap_bytes / 64).max(1024);
        Walker {
            snap: Snapshot {
                objects: Vec::with_capacity(expected.max(RESERVE / size_of::<Record>())),
                edges: Vec::with_capacity((expected * 2).max(RESERVE / size_of::<Edge>())),
                root_label: "Root".to_string(),
                ..Snapshot::empty(heap_bytes)
            },
            index: PageMap::with_capacity(expected),
            opts,
            l: std::ptr::null_mut(),
            registry,
            globals: None,
            traced: Vec::new(),
            name_ids: PtrMap::with_capacity(1024),
            proto_ids: PtrMap::with_capacity(1024),
            chunk_ids: HashMap::new(),
            weak_modes: PtrMap::with_capacity(64),
            named_metatables: PtrMap::with_capacity(64),
            pending: HashMap::new(),
            ready: Vec::new(),
            temporaries: Vec::new(),
            batch: Vec::with_capacity(BATCH),
            frames: Vec::new(),
            locals: Vec::new(),
            last_proto: 0,
            last_name: (usize::MAX, 0),
            walked_bytes: 0,
            excludes: !opts.exclude.is_empty(),
        }
    }

    /// Expands objects in the order they were reached. Edges from unnamed
    /// stack slots wait until nothing else is left to expand: an object a
    /// temporary shares with a global, a module, an upvalue or a named local
    /// is then first reached, and explained, through that lasting owner,
    /// even when the temporary is nearer to the root. What only temporaries
    /// hold is walked after, in the same breadth-first way.
    /// False when `progress` stopped it.
    unsafe fn run(&mut self, progress: &mut dyn FnMut(WalkProgress) -> bool) -> bool {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let mut head = 0;
            loop {
                self.flush();
                while let Some((from, name, v)) = self.ready.pop() {
                    self.visit(from, name, v);
                    self.flush();
                }
                if head >= self.snap.objects.len() {
                    // Constants of compiled traces are held as long as
                    // their prototype: lasting owners, before temporaries.
                    if !self.traced.is_empty() {
                        self.visit_trace_constants();
                        continue;
                    }
                    if self.temporaries.is_empty() {
                        break;
                    }
                    for (from, name, v) in std::mem::take(&mut self.temporaries) {
                        self.visit(from, name, v);
                    }
                    continue;
                }
                if head + 4 < self.snap.objects.len() {
                    let ahead = self.snap.addr_of((head + 4) as ObjId);
                    crate::ptrmap::prefetch(ahead as *const u8);
                }
                self.expand(head as ObjId);
                head += 1;
                if head % PROGRESS_STEP == 0 {
                    let at = WalkProgress {
                        objects: head,
                        bytes: self.walked_bytes,
                        heap_bytes: self.snap.heap_bytes,
                    };
                    if !progress(at) {
                        return false;
                    }
                }
            }
            true
        }
    }

    /// The name of an integer key.
    fn int_name(&mut self, i: i64) -> EdgeName {
        match i32::try_from(i) {
            Ok(small) => EdgeName::Int(small),
            Err(_) => self.wide(WideName::Int(i)),
        }
    }

    fn wide(&mut self, name: WideName) -> EdgeName {
        self.snap.wide_names.push(name);
        EdgeName::Wide((self.snap.wide_names.len() - 1) as u32)
    }

    unsafe fn is_reached(&mut self, addr: usize) -> bool {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            self.flush();
            self.index.get(addr).is_some()
        }
    }

    unsafe fn expand(&mut self, id: ObjId) {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let p = self.snap.addr_of(id) as *const c_void;
            let (size, entries, info) = match self.snap.kind_of(id) {
                Kind::Table => {
                    let entries = self.expand_table(id, p);
                    (vm::table_size(p), entries, 0)
                }
                Kind::Function => {
                    let proto = vm::lclosure_proto(p);
                    // Closures of one function usually come one after another:
                    // one edge to their shared prototype is enough to walk it,
                    // and prototypes are never reported.
                    if proto as usize != self.last_proto {
                        self.last_proto = proto as usize;
                        self.reach(id, EdgeName::Proto, Kind::Proto, proto as usize);
                    }
                    let env = vm::function_env(p);
                    self.reach(id, EdgeName::Environment, Kind::Table, env);
                    for i in 0..vm::lclosure_upvalues(p) {
                        let name = match vm::proto_upvalue_name(proto, i) {
                            Some(s) => EdgeName::Upvalue(self.intern_debug_name(s)),
                            None => EdgeName::AnonUpvalue,
                        };
                        // The edge to the cell; the cell's edge to its value
                        // follows at once (see `edges`).
                        let cell = vm::lclosure_upvalue_cell(p, i);
                        if cell.is_null() {
                            continue;
                        }
                        // The value is looked up with the cell, unbatched:
                        // prefetch its slot now.
                        if let Some(v) = vm::upvalue_value(cell) {
                            if v.is_collectable() {
                                self.index.prefetch_next(v.gc() as usize);
                            }
                        }
                        self.reach(id, name, Kind::Upvalue, cell as usize);
                    }
                    (vm::lclosure_size(p), 0, self.function_info(proto))
                }
                Kind::CFunction => {
                    let env = vm::function_env(p);
                    self.reach(id, EdgeName::Environment, Kind::Table, env);
                    for i in 0..vm::cclosure_upvalues(p) {
                        self.visit(id, EdgeName::AnonUpvalue, vm::cclosure_upvalue(p, i));
                    }
                    (vm::cclosure_size(p), 0, 0)
                }
                Kind::Userdata => {
                    let mt = vm::udata_metatable(p);
                    self.note_metatable_name(mt);
                    self.reach(id, EdgeName::Metatable, Kind::Table, mt as usize);
                    let env = vm::udata_env(p);
                    self.reach(id, EdgeName::Environment, Kind::Table, env);
                    for i in 0..vm::udata_user_values(p) {
                        let name = EdgeName::UserValue((i + 1).min(u16::MAX as usize) as u16);
                        self.visit(id, name, vm::udata_user_value(p, i));
                    }
                    let block = vm::udata_block(p) as usize - p as usize;
                    (vm::udata_size(p), 0, block as u32)
                }
                Kind::Thread => {
                    let stack = self.expand_thread(id, p);
                    let env = vm::thread_env(p);
                    self.reach(id, EdgeName::Environment, Kind::Table, env);
                    (vm::thread_size(p), 0, stack)
                }
                Kind::Cdata => (vm::cdata_size(p), 0, 0),
                Kind::String => (vm::string_size(p), 0, 0),
                // Its value was reached with it (see `edges`).
                Kind::Upvalue => (vm::UPVALUE_SIZE, 0, 0),
                Kind::Proto => {
                    for k in vm::proto_constants(p) {
                        self.visit(id, EdgeName::Constant, k);
                    }
                    for child in vm::proto_children(p) {
                        self.reach(id, EdgeName::Proto, Kind::Proto, child as usize);
                    }
                    let trace = vm::proto_root_trace(p);
                    if trace != 0 {
                        self.traced.push((id, trace));
                    }
                    (0, 0, self.function_info(p))
                }
            };
            self.walked_bytes += size;
            self.snap.set_expanded(id, size, entries, info);
        }
    }

    /// Records the edges from prototypes to the constants their compiled
    /// traces hold (LuaJIT; traces are found once, for all prototypes).
    unsafe fn visit_trace_constants(&mut self) {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let traced = std::mem::take(&mut self.traced);
            let roots: Vec<u16> = traced.iter().map(|&(_, t)| t).collect();
            let mut found = Vec::new();
            vm::trace_constants(self.l, &roots, &mut found);
            for (root, k) in found {
                // Several prototypes never share a root trace.
                if let Some(&(id, _)) = traced.iter().find(|&&(_, t)| t == root) {
                    self.visit(id, EdgeName::TraceConstant, k);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
