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

use crate::model::{Kind, ObjId, Snapshot, ROOT};

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
                // An upvalue cell and its value make one step.
                let step = u32::from(snap.kind_of(parent) != Kind::Upvalue);
                (depth[parent as usize] + step, at_cut[parent as usize])
            } else {
                // Never happens (the walk numbers parents first); counted
                // the slow way rather than wrongly.
                let d = snap.depth_by_walking(i as ObjId);
                let a = snap.ancestor_at(i as ObjId, d, cut);
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

    /// The ancestor of `id` (at depth `depth`) that is the step at depth
    /// `at` of its path (`id` itself when `at == depth`).
    pub(crate) fn ancestor_at(&self, mut id: ObjId, mut depth: u32, at: u32) -> ObjId {
        while depth > at && id != ROOT {
            id = self.parent(id);
            // A cell has the depth of its value: they make one step.
            if id != ROOT && self.kind_of(id) != Kind::Upvalue {
                depth -= 1;
            }
        }
        id
    }

    /// The number of steps of the path to `id`, following its parent chain
    /// (an upvalue cell and its value make one step).
    pub(crate) fn depth_by_walking(&self, id: ObjId) -> u32 {
        let mut d = 1;
        let mut at = self.parent(id);
        while at != ROOT {
            if self.kind_of(at) != Kind::Upvalue {
                d += 1;
            }
            at = self.parent(at);
        }
        d
    }
}

#[cfg(test)]
mod tests;
