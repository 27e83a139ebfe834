//! Where each object sits in the tree of shortest paths: its depth, and its
//! ancestor at the depth where a long path is cut (`paths::PATH_HEAD`).
//!
//! A shortest path shows at most `PATH_HEAD + PATH_TAIL` steps, but finding
//! which ones by following `parent_edge` costs the whole depth of the
//! object: the reports of every node of an n-node list would cost n². One
//! pass in walk order computes both numbers for every object (a parent is
//! always reached, hence numbered, before its children), after which a path
//! costs its shown steps only. The pass runs once per snapshot, and only
//! when the paths asked for have cost about as much as it does (see
//! [`PathBudget`]), so a single path of a big snapshot stays cheap.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::model::{ObjId, Snapshot, ROOT};

#[derive(Clone)]
pub(crate) struct Depths {
    /// Steps from the root (an object the root points at is at depth 1).
    depth: Vec<u32>,
    /// The ancestor at depth `cut` of objects deeper than that, else `ROOT`.
    at_cut: Vec<ObjId>,
}

impl Depths {
    /// Depths and the ancestors at depth `cut` of every object of `snap`.
    pub(crate) fn new(snap: &Snapshot, cut: u32) -> Depths {
        let n = snap.objects.len();
        let mut depth = vec![0u32; n];
        let mut at_cut = vec![ROOT; n];
        for i in 0..n {
            let parent = snap.parent(i as ObjId);
            let (d, a) = if parent == ROOT {
                (1, ROOT)
            } else if (parent as usize) < i {
                (depth[parent as usize] + 1, at_cut[parent as usize])
            } else {
                // Never happens (the walk numbers parents first); counted
                // the slow way rather than wrongly.
                let d = snap.depth_by_walking(i as ObjId);
                let a = snap.ancestor(i as ObjId, d.saturating_sub(cut));
                (d, if d > cut { a } else { ROOT })
            };
            depth[i] = d;
            at_cut[i] = if d == cut { i as ObjId } else { a };
        }
        Depths { depth, at_cut }
    }

    pub(crate) fn depth(&self, id: ObjId) -> u32 {
        self.depth[id as usize]
    }

    /// The ancestor at the cut depth of an object deeper than it.
    pub(crate) fn at_cut(&self, id: ObjId) -> ObjId {
        self.at_cut[id as usize]
    }
}

/// Steps walked along parent chains for paths asked without [`Depths`]: once
/// they reach the number of objects, building `Depths` costs no more than
/// what was already spent, and every later path is cheap.
#[derive(Default)]
pub(crate) struct PathBudget(AtomicUsize);

impl PathBudget {
    /// Counts `steps` more; true once the total reaches `limit`.
    pub(crate) fn spend(&self, steps: usize, limit: usize) -> bool {
        let before = self.0.fetch_add(steps, Ordering::Relaxed);
        before.saturating_add(steps) >= limit
    }
}

impl Clone for PathBudget {
    fn clone(&self) -> Self {
        PathBudget(AtomicUsize::new(self.0.load(Ordering::Relaxed)))
    }
}

impl Snapshot {
    /// The object whose edge first reached `id`, or `ROOT`.
    #[inline]
    pub(crate) fn parent(&self, id: ObjId) -> ObjId {
        self.edges[self.object(id).parent_edge as usize].from
    }

    /// `id`'s ancestor `up` steps above it (`id` itself for 0).
    pub(crate) fn ancestor(&self, mut id: ObjId, up: u32) -> ObjId {
        for _ in 0..up {
            if id == ROOT {
                break;
            }
            id = self.parent(id);
        }
        id
    }

    /// The depth of `id`, following its parent chain.
    pub(crate) fn depth_by_walking(&self, mut id: ObjId) -> u32 {
        let mut d = 0;
        while id != ROOT {
            id = self.parent(id);
            d += 1;
        }
        d
    }
}

#[cfg(test)]
mod tests;
