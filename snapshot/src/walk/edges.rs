//! Recording edges: lookups of their targets in prefetched batches, and the
//! edges to table keys that a bit records instead of a whole edge.

use std::os::raw::c_void;

use super::Walker;
use crate::model::{Edge, EdgeName, Kind, ObjId, IMPLIED, ROOT};
use crate::vm::current as vm;
use crate::vm::current::TValue;

/// Edges looked up together (see `Walker::queue`).
pub(super) const BATCH: usize = 16;

/// "No key" in the key fields of [`Queued`].
const NO_KEY: u32 = u32::MAX;

/// An edge found but not yet looked up.
#[derive(Clone, Copy)]
pub(super) struct Queued {
    from: ObjId,
    name: EdgeName,
    kind: Kind,
    addr: usize,
    /// The edge to the key string of a table entry: the key's name id.
    key_of: u32,
    /// The edge to the value of a table entry whose key string was reached
    /// before: the key's name id. The edge to the key follows this one.
    then_key: u32,
}

use vm::kind_of;

impl Walker<'_> {
    /// Records an edge to the value `v` if it is an object.
    #[inline]
    pub(super) unsafe fn visit(&mut self, from: ObjId, name: EdgeName, v: TValue) {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            if let Some(kind) = kind_of(v) {
                self.reach(from, name, kind, v.gc() as usize);
            }
        }
    }

    /// Records the edges of the entry of table `from` whose key is the
    /// string `s`, named `key`, and whose value is `v`: to the value if it is
    /// an object, and to the key.
    #[inline]
    pub(super) unsafe fn visit_entry(&mut self, from: ObjId, key: u32, s: usize, v: TValue) {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let to_key = Queued {
                from,
                name: EdgeName::Key,
                kind: Kind::String,
                addr: s,
                key_of: key,
                then_key: NO_KEY,
            };
            let Some(kind) = kind_of(v) else {
                return self.queue(to_key);
            };
            // Most keys are strings that many tables share (field names): once
            // the string is known, its edge needs no lookup.
            let is_known = self
                .snap
                .key_objects
                .get(key as usize)
                .is_some_and(|&o| o != ROOT);
            self.queue(Queued {
                from,
                name: EdgeName::Field(key),
                kind,
                addr: v.gc() as usize,
                key_of: NO_KEY,
                then_key: if is_known { key } else { NO_KEY },
            });
            if !is_known {
                self.queue(to_key);
            }
        }
    }

    /// Records an edge to the object at `addr`, if not null.
    #[inline]
    pub(super) unsafe fn reach(&mut self, from: ObjId, name: EdgeName, kind: Kind, addr: usize) {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            if addr == 0 {
                return;
            }
            self.queue(Queued {
                from,
                name,
                kind,
                addr,
                key_of: NO_KEY,
                then_key: NO_KEY,
            });
        }
    }

    /// Queues an edge. Lookups are done in batches whose map slots are
    /// prefetched first: on a heap larger than the cache every lookup is a
    /// miss, and overlapping them is what makes the walk fast. Edge order is
    /// kept, so the walk stays deterministic.
    // Always inlined: passed by reference, a `Queued` built just before is
    // read back before its stores complete, a stall on every edge.
    #[inline(always)]
    unsafe fn queue(&mut self, q: Queued) {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            self.index.prefetch_next(q.addr);
            self.batch.push(q);
            if self.batch.len() == BATCH {
                self.flush();
            }
        }
    }

    pub(super) unsafe fn flush(&mut self) {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let mut batch = std::mem::take(&mut self.batch);
            for q in &batch {
                let next = self.snap.objects.len() as ObjId;
                let recorded = self.link(q);
                if q.then_key != NO_KEY {
                    self.follow_with_key(q.from, q.then_key, recorded);
                }
                if q.kind == Kind::Upvalue && self.snap.objects.len() as ObjId > next {
                    self.link_cell_value(next, q.addr);
                }
            }
            batch.clear();
            self.batch = batch;
        }
    }

    /// Looks up the target of an edge, adds it to the objects if it is new,
    /// and records the edge. Returns whether a whole edge was recorded.
    #[inline]
    unsafe fn link(&mut self, q: &Queued) -> bool {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let addr = q.addr;
            if self.excludes && self.is_excluded(q) {
                return false;
            }
            let next = self.snap.objects.len() as ObjId;
            let (id, is_new) = self.index.get_or_insert(addr, next);
            if q.key_of != NO_KEY {
                self.know_key(q.key_of, id);
                if !is_new && self.is_value_edge(q.from, q.key_of) {
                    self.mark_keyed();
                    return false;
                }
            }
            let edge = self.snap.edges.len() as u32;
            self.snap.edges.push(Edge {
                from: q.from,
                to: id,
                name: q.name,
            });
            if is_new {
                self.snap.push_object(addr, q.kind, edge);
                if !self.pending.is_empty() {
                    if let Some(waiting) = self.pending.remove(&addr) {
                        self.ready.extend(waiting);
                    }
                }
            }
            true
        }
    }

    /// Records the edge from a new upvalue cell to its value, right after
    /// the edge that reached the cell: the value is then reached exactly
    /// when, and in the order, a direct edge from the function would have
    /// reached it, so the cell changes no path (paths show the two edges as
    /// one step, see `paths`).
    #[inline]
    unsafe fn link_cell_value(&mut self, cell: ObjId, addr: usize) {
        // SAFETY: `addr` is a live upvalue cell the walk just reached, read
        // while the collector is stopped; `link` gets a target of a live
        // value of that cell.
        unsafe {
            let Some(v) = vm::upvalue_value(addr as *const c_void) else {
                return;
            };
            if let Some(kind) = kind_of(v) {
                self.link(&Queued {
                    from: cell,
                    name: EdgeName::CellValue,
                    kind,
                    addr: v.gc() as usize,
                    key_of: NO_KEY,
                    then_key: NO_KEY,
                });
            }
        }
    }

    /// Whether the target of `q` is one of the tool's objects.
    unsafe fn is_excluded(&self, q: &Queued) -> bool {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            if self.opts.exclude.contains(q.addr) {
                return true;
            }
            if q.kind == Kind::Userdata {
                let mt = vm::udata_metatable(q.addr as *const c_void) as usize;
                return mt != 0 && self.opts.exclude.contains(mt);
            }
            false
        }
    }

    /// Records the edge from table `from` to its key string named `key`
    /// (already an object) after the edge to the entry's value, which was
    /// recorded or not.
    #[inline]
    fn follow_with_key(&mut self, from: ObjId, key: u32, value_recorded: bool) {
        if value_recorded && self.snap.edges.len() <= IMPLIED as usize {
            self.mark_keyed();
        } else {
            let to = self.snap.key_objects[key as usize];
            self.snap.edges.push(Edge {
                from,
                to,
                name: EdgeName::Key,
            });
        }
    }

    /// Remembers that the key string named `key` is object `s`.
    #[inline]
    fn know_key(&mut self, key: u32, s: ObjId) {
        let key_objects = &mut self.snap.key_objects;
        if key_objects.len() <= key as usize {
            key_objects.resize(key as usize + 1, ROOT);
        }
        key_objects[key as usize] = s;
    }

    /// Whether the last edge recorded is from table `from` to the value of
    /// its entry keyed by the string named `key` (a table has one entry per
    /// key, so it is that entry's).
    #[inline]
    fn is_value_edge(&self, from: ObjId, key: u32) -> bool {
        let edges = &self.snap.edges;
        edges.len() <= IMPLIED as usize
            && edges
                .last()
                .is_some_and(|e| e.from == from && e.name == EdgeName::Field(key))
    }

    /// Records that the last edge, to the value of a table entry, is
    /// followed by the edge to the entry's key string: one bit instead of a
    /// 16-byte edge, so that a list node costs one edge, not two.
    #[inline]
    fn mark_keyed(&mut self) {
        let e = self.snap.edges.len() - 1;
        let keyed = &mut self.snap.keyed;
        if keyed.len() <= e / 64 {
            keyed.resize(e / 64 + 1, 0);
        }
        keyed[e / 64] |= 1 << (e % 64);
    }
}
