//! What changed between two snapshots.

use crate::model::{ObjId, Snapshot};
use crate::ptrmap::PtrMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Growth {
    /// The table in the newer snapshot.
    pub id: ObjId,
    pub before: u32,
    pub after: u32,
}

#[derive(Default, Debug)]
pub struct Diff {
    /// Objects of the newer snapshot that the older one does not have
    /// (the seeds' `incr`), largest first.
    pub added: Vec<ObjId>,
    /// Objects of the older snapshot gone from the newer one (`decr`),
    /// largest first.
    pub removed: Vec<ObjId>,
    /// Tables in both whose entry count changed, largest change first.
    pub grown: Vec<Growth>,
    pub added_size: usize,
    pub removed_size: usize,
}

/// Compares `older` and `newer`. `reused` holds the addresses freed between
/// the two (from `AllocTracker::reused_between`): an object there is a new
/// object even if the older snapshot had one at the same address.
pub fn diff(older: &Snapshot, newer: &Snapshot, reused: &PtrMap) -> Diff {
    let same = |addr: usize| reused.is_empty() || reused.get(addr).is_none();
    let mut d = Diff::default();
    // One bit per older object: a byte or more each would be megabytes of
    // fresh pages on big heaps, and page faults are most of such a diff.
    let mut kept_in_older = vec![0u64; older.objects.len().div_ceil(64)];
    let mut ids = newer.reported();
    let mut batch = [0 as ObjId; 16];
    loop {
        // Lookups in the older snapshot's map are cache misses on big heaps:
        // prefetch a batch of slots, then look them up (as the walk does).
        let mut n = 0;
        for (slot, id) in batch.iter_mut().zip(ids.by_ref()) {
            *slot = id;
            older.index.prefetch(newer.addr_of(id));
            n += 1;
        }
        if n == 0 {
            break;
        }
        for &id in &batch[..n] {
            let o = newer.object(id);
            let before = older
                .find(o.addr)
                .filter(|&old| older.object(old).kind == o.kind && same(o.addr));
            match before {
                Some(old) => {
                    kept_in_older[old as usize / 64] |= 1 << (old % 64);
                    let b = older.object(old).entries;
                    if b != o.entries {
                        d.grown.push(Growth {
                            id,
                            before: b,
                            after: o.entries,
                        });
                    }
                }
                None => {
                    d.added.push(id);
                    d.added_size += o.size;
                }
            }
        }
    }
    for id in older.reported() {
        if kept_in_older[id as usize / 64] & (1 << (id % 64)) == 0 {
            d.removed.push(id);
            d.removed_size += older.object(id).size;
        }
    }
    sort_by_size(newer, &mut d.added);
    sort_by_size(older, &mut d.removed);
    d.grown
        .sort_by_key(|g| (std::cmp::Reverse(g.after.abs_diff(g.before)), g.id));
    d
}

/// Largest first; equal sizes in walk order, which is stable for a heap.
pub fn sort_by_size(snap: &Snapshot, ids: &mut [ObjId]) {
    ids.sort_by_key(|&id| (std::cmp::Reverse(snap.object(id).size), id));
}
