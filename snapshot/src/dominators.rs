//! The dominator tree of a snapshot and the retained size of every object.
//!
//! Object `d` dominates `x` when every path from the root to `x` passes
//! through `d`: without `d`, `x` would be garbage. The bytes an object
//! retains are its own and those of every object it dominates, what a
//! collection would free if the object were gone (DevTools' "retained
//! size").
//!
//! Weak references do not retain: the walk records no edge for a weak value
//! or a weak key, and an ephemeron's value only from its table (once the key
//! was reached some other way), so the graph here is the one the collector
//! marks.
//!
//! Lengauer and Tarjan's algorithm (the simple version: path compression
//! without balancing, O(E log N)) on a depth-first numbering. Everything is
//! iterative, the depth-first search and the path compression included, so
//! a 10-million-node list costs memory, not stack. Nodes are numbered `0`
//! for the root and `id + 1` for objects; the algorithm works on preorder
//! numbers, and the results are stored by object id.
//!
//! Most of a heap is a tree: an object with one referrer is dominated by
//! it. Such objects that refer to nothing (`{i}`, strings, upvalue cells of
//! numbers) are left out of the search altogether, and the others skip the
//! semidominator step; only objects with several referrers have their
//! referrers listed. Two passes over the edges build everything.

use crate::model::{EdgeName, Kind, ObjId, Snapshot, ROOT};

const NONE: u32 = u32::MAX;

#[derive(Clone)]
pub struct Dominators {
    /// Immediate dominator of each object, [`ROOT`] when only the root
    /// dominates it.
    idom: Vec<ObjId>,
    /// Bytes of the reported objects (prototypes have no size in reports)
    /// in each object's dominator subtree, its own included.
    retained: Vec<u64>,
    /// Reported objects in each object's dominator subtree, itself included.
    count: Vec<u32>,
}

impl Dominators {
    pub fn idom(&self, id: ObjId) -> Option<ObjId> {
        let d = self.idom[id as usize];
        (d != ROOT).then_some(d)
    }

    pub fn retained_size(&self, id: ObjId) -> u64 {
        self.retained[id as usize]
    }

    pub fn retained_count(&self, id: ObjId) -> u32 {
        self.count[id as usize]
    }

    /// For every object, its nearest proper dominator for which `chosen`
    /// holds, or [`ROOT`]: the object a report folds it under. One pass in
    /// walk order, where a dominator comes before what it dominates (it
    /// lies on every path, the walk's own included).
    pub fn nearest(&self, chosen: impl Fn(ObjId) -> bool) -> Vec<ObjId> {
        let mut near = vec![ROOT; self.idom.len()];
        for id in 0..self.idom.len() {
            let d = self.idom[id];
            if d != ROOT {
                near[id] = if chosen(d) { d } else { near[d as usize] };
            }
        }
        near
    }
}

/// Out-edges (for the search) and in-edges of objects with several
/// referrers, in compressed-row form: `start[v]..end[v]` of `adj`.
struct Lists {
    start: Vec<u32>,
    end: Vec<u32>,
    adj: Vec<u32>,
}

impl Lists {
    fn of(&self, v: u32) -> &[u32] {
        &self.adj[self.start[v as usize] as usize..self.end[v as usize] as usize]
    }

    fn new(start: Vec<u32>) -> Lists {
        let total = *start.last().unwrap_or(&0) as usize;
        let end = start.clone();
        Lists {
            start,
            end,
            adj: vec![0u32; total],
        }
    }

    #[inline]
    fn push(&mut self, v: u32, w: u32) {
        let slot = &mut self.end[v as usize];
        self.adj[*slot as usize] = w;
        *slot += 1;
    }
}

#[inline]
fn node(id: ObjId) -> u32 {
    if id == ROOT {
        0
    } else {
        id + 1
    }
}

/// Every retaining reference as `(from, to)` nodes, implied key edges
/// included.
fn each_edge(snap: &Snapshot, mut f: impl FnMut(u32, u32)) {
    for (i, e) in snap.edges.iter().enumerate() {
        if e.to == ROOT {
            continue;
        }
        f(node(e.from), node(e.to));
        if snap.is_keyed(i) {
            if let EdgeName::Field(key) = e.name {
                f(node(e.from), node(snap.key_objects[key as usize]));
            }
        }
    }
}

/// Marks, in the in-degree array, an object with one referrer and no
/// reference of its own: dominated by its referrer, left out of the search.
const LEAF: u32 = 0;

/// Out-edges of every node but to leaves, in-edges of nodes with several
/// referrers, and the in-degrees (leaves marked [`LEAF`]).
fn graph(snap: &Snapshot, n: usize) -> (Lists, Lists, Vec<u32>) {
    let mut indeg = vec![0u32; n];
    let mut out = vec![0u32; n + 1];
    each_edge(snap, |f, t| {
        indeg[t as usize] = indeg[t as usize].saturating_add(1);
        out[f as usize + 1] += 1;
    });
    let mut pred = vec![0u32; n + 1];
    for v in 0..n {
        let refs = out[v + 1];
        if indeg[v] == 1 && refs == 0 && v != 0 {
            indeg[v] = LEAF;
        }
        out[v + 1] += out[v];
        pred[v + 1] = pred[v] + if indeg[v] >= 2 { indeg[v] } else { 0 };
    }
    let (mut succ, mut pred) = (Lists::new(out), Lists::new(pred));
    each_edge(snap, |f, t| {
        let d = indeg[t as usize];
        if d != LEAF {
            succ.push(f, t);
        }
        if d >= 2 {
            pred.push(t, f);
        }
    });
    (succ, pred, indeg)
}

/// Depth-first preorder from the root: `vertex[p]` is the node numbered
/// `p`, `parent[p]` its tree parent's number, `pre[node]` its number or
/// `NONE` when the search does not reach it (leaves, unreachable nodes).
struct Dfs {
    vertex: Vec<u32>,
    parent: Vec<u32>,
    pre: Vec<u32>,
}

fn dfs(n: usize, succ: &Lists) -> Dfs {
    let mut pre = vec![NONE; n];
    let mut vertex = Vec::new();
    let mut parent = Vec::new();
    pre[0] = 0;
    vertex.push(0);
    parent.push(0);
    // (node, next out-edge to look at)
    let mut stack: Vec<(u32, u32)> = vec![(0, succ.start[0])];
    while let Some(top) = stack.last_mut() {
        let (v, at) = *top;
        if at == succ.end[v as usize] {
            stack.pop();
            continue;
        }
        top.1 += 1;
        let w = succ.adj[at as usize];
        if pre[w as usize] == NONE {
            pre[w as usize] = vertex.len() as u32;
            parent.push(pre[v as usize]);
            vertex.push(w);
            stack.push((w, succ.start[w as usize]));
        }
    }
    Dfs {
        vertex,
        parent,
        pre,
    }
}

/// Immediate dominators by preorder number (`idom[0] = 0`). `preds(w)`
/// lists the preorder numbers of `w`'s referrers, or nothing when `w` has
/// one referrer, which is then its tree parent.
fn lengauer_tarjan(parent: &[u32], preds: impl Fn(u32, &mut Vec<u32>)) -> Vec<u32> {
    let m = parent.len();
    let mut semi: Vec<u32> = (0..m as u32).collect();
    let mut label: Vec<u32> = (0..m as u32).collect();
    let mut ancestor = vec![NONE; m];
    let mut idom = vec![0u32; m];
    let mut bucket_head = vec![NONE; m];
    let mut bucket_next = vec![NONE; m];
    let mut chain: Vec<u32> = Vec::new();
    let mut referrers: Vec<u32> = Vec::new();

    // The vertex of least semidominator on the forest path from `v` up to
    // (not including) its tree's root, compressing the path on the way.
    let mut eval = |v: u32, semi: &[u32], label: &mut [u32], ancestor: &mut [u32]| -> u32 {
        if ancestor[v as usize] == NONE {
            return v;
        }
        let mut x = v;
        while ancestor[ancestor[x as usize] as usize] != NONE {
            chain.push(x);
            x = ancestor[x as usize];
        }
        while let Some(y) = chain.pop() {
            let a = ancestor[y as usize] as usize;
            if semi[label[a] as usize] < semi[label[y as usize] as usize] {
                label[y as usize] = label[a];
            }
            ancestor[y as usize] = ancestor[a];
        }
        label[v as usize]
    };

    for w in (1..m as u32).rev() {
        let p = parent[w as usize];
        referrers.clear();
        preds(w, &mut referrers);
        if referrers.is_empty() {
            // One referrer, the tree parent: it is the semidominator and
            // the immediate dominator.
            semi[w as usize] = p;
            idom[w as usize] = p;
        } else {
            for &v in &referrers {
                let u = eval(v, &semi, &mut label, &mut ancestor);
                if semi[u as usize] < semi[w as usize] {
                    semi[w as usize] = semi[u as usize];
                }
            }
            let s = semi[w as usize] as usize;
            bucket_next[w as usize] = bucket_head[s];
            bucket_head[s] = w;
        }
        ancestor[w as usize] = p;
        let mut v = std::mem::replace(&mut bucket_head[p as usize], NONE);
        while v != NONE {
            let u = eval(v, &semi, &mut label, &mut ancestor);
            idom[v as usize] = if semi[u as usize] < semi[v as usize] {
                u
            } else {
                p
            };
            v = bucket_next[v as usize];
        }
    }
    for w in 1..m {
        if idom[w] != semi[w] {
            idom[w] = idom[idom[w] as usize];
        }
    }
    idom
}

impl Dominators {
    pub(crate) fn new(snap: &Snapshot) -> Dominators {
        let n = snap.objects.len() + 1;
        let (succ, pred, indeg) = graph(snap, n);
        let Dfs {
            vertex,
            parent,
            pre,
        } = dfs(n, &succ);
        drop(succ);
        let idom_pre = lengauer_tarjan(&parent, |w, out| {
            for &f in pred.of(vertex[w as usize]) {
                let v = pre[f as usize];
                if v != NONE {
                    out.push(v);
                }
            }
        });
        drop(pred);

        let objects = n - 1;
        let mut idom = vec![ROOT; objects];
        for p in 1..vertex.len() {
            let d = vertex[idom_pre[p] as usize];
            idom[vertex[p] as usize - 1] = if d == 0 { ROOT } else { d - 1 };
        }
        drop((vertex, parent, pre, idom_pre));
        // Sizes summed bottom-up, in reverse walk order: a dominator lies on
        // every path from the root, the walk's first one included, so the
        // walk numbered it before what it dominates.
        let mut retained = vec![0u64; objects];
        let mut count = vec![0u32; objects];
        for id in (0..objects).rev() {
            if indeg[id + 1] == LEAF {
                idom[id] = snap.parent(id as ObjId);
            }
            if snap.kind_of(id as ObjId) != Kind::Proto {
                retained[id] += snap.size_of(id as ObjId) as u64;
                count[id] += 1;
            }
            let d = idom[id];
            if d != ROOT && (d as usize) < id {
                retained[d as usize] += retained[id];
                count[d as usize] += count[id];
            }
        }
        Dominators {
            idom,
            retained,
            count,
        }
    }
}

impl Snapshot {
    /// The dominator tree and retained sizes, computed on first use.
    pub fn dominators(&self) -> &Dominators {
        self.dominators.get_or_init(|| Dominators::new(self))
    }
}

#[cfg(test)]
mod tests;
