//! DevTools' Summary and Comparison views: per class, the objects of one
//! snapshot (count, own size, retained size) and what changed since an
//! older one (count and size deltas, new and freed objects).

use std::collections::HashMap;

use serde::Serialize;

use crate::diff::Diff;
use crate::model::{Kind, ObjId, Snapshot};

#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct ClassRow {
    pub class: String,
    pub count: u64,
    /// Bytes of the objects themselves.
    pub size: u64,
    /// Bytes the class's objects retain together: the retained sizes of
    /// those that no other object of the class dominates.
    pub retained_size: u64,
    /// With an older snapshot: `count` minus its count there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count_delta: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_delta: Option<i64>,
    /// Objects of the class that the older snapshot does not have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_size: Option<u64>,
    /// Objects of the class in the older snapshot that are gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freed_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freed_size: Option<u64>,
}

/// Count, size and retained size of each class of `snap`, by class index.
fn per_class(snap: &Snapshot) -> Vec<(u64, u64, u64)> {
    let classes = snap.classes();
    let doms = snap.dominators();
    let n = snap.objects.len();
    let mut rows = vec![(0u64, 0u64, 0u64); classes.names().len()];
    // Children lists of the dominator tree, then a depth-first walk that
    // knows how many ancestors of each class are open: an object counts
    // its retained size only when none is.
    let mut start = vec![0u32; n + 2];
    let slot = |id: ObjId| match doms.idom(id) {
        Some(d) => d as usize + 1,
        None => 0,
    };
    for id in 0..n as ObjId {
        start[slot(id) + 1] += 1;
    }
    for i in 0..=n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut children = vec![0 as ObjId; n];
    for id in 0..n as ObjId {
        let s = &mut fill[slot(id)];
        children[*s as usize] = id;
        *s += 1;
    }
    let mut open = vec![0u32; rows.len()];
    // (node + 1, or 0 for the root; next child index); leaving a node closes it.
    let mut stack: Vec<(usize, u32)> = vec![(0, start[0])];
    while let Some(top) = stack.last_mut() {
        let (v, at) = *top;
        if at == start[v + 1] {
            stack.pop();
            if v > 0 {
                open[classes.index_of(v as ObjId - 1) as usize] -= 1;
            }
            continue;
        }
        top.1 += 1;
        let id = children[at as usize];
        let class = classes.index_of(id) as usize;
        if snap.kind_of(id) != Kind::Proto {
            let row = &mut rows[class];
            row.0 += 1;
            row.1 += snap.size_of(id) as u64;
            if open[class] == 0 {
                row.2 += doms.retained_size(id);
            }
        }
        open[class] += 1;
        stack.push((id as usize + 1, start[id as usize + 1]));
    }
    rows
}

/// Rows of `snap`'s classes, largest retained size first; with `older`
/// and the diff from it, each row also compares with the older snapshot
/// (classes gone since are listed with a count of 0).
pub fn class_rows(snap: &Snapshot, older: Option<(&Snapshot, &Diff)>) -> Vec<ClassRow> {
    let classes = snap.classes();
    let mut rows: Vec<ClassRow> = per_class(snap)
        .into_iter()
        .zip(classes.names())
        .map(|((count, size, retained_size), class)| ClassRow {
            class: class.clone(),
            count,
            size,
            retained_size,
            ..Default::default()
        })
        .collect();
    if let Some((old, diff)) = older {
        let old_classes = old.classes();
        let mut index: HashMap<String, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.class.clone(), i))
            .collect();
        for r in &mut rows {
            (r.count_delta, r.size_delta) = (Some(r.count as i64), Some(r.size as i64));
            (r.new_count, r.new_size, r.freed_count, r.freed_size) =
                (Some(0), Some(0), Some(0), Some(0));
        }
        let mut row_of = |name: &str, rows: &mut Vec<ClassRow>| -> usize {
            *index.entry(name.to_string()).or_insert_with(|| {
                rows.push(ClassRow {
                    class: name.to_string(),
                    count_delta: Some(0),
                    size_delta: Some(0),
                    new_count: Some(0),
                    new_size: Some(0),
                    freed_count: Some(0),
                    freed_size: Some(0),
                    ..Default::default()
                });
                rows.len() - 1
            })
        };
        for (i, (count, size, _)) in per_class_counts(old).into_iter().enumerate() {
            if count > 0 {
                let i = row_of(&old_classes.names()[i], &mut rows);
                let r = &mut rows[i];
                *r.count_delta.get_or_insert(0) -= count as i64;
                *r.size_delta.get_or_insert(0) -= size as i64;
            }
        }
        for &id in &diff.added {
            let i = row_of(classes.name_of(id), &mut rows);
            let r = &mut rows[i];
            *r.new_count.get_or_insert(0) += 1;
            *r.new_size.get_or_insert(0) += snap.size_of(id) as u64;
        }
        for &id in &diff.removed {
            let i = row_of(old_classes.name_of(id), &mut rows);
            let r = &mut rows[i];
            *r.freed_count.get_or_insert(0) += 1;
            *r.freed_size.get_or_insert(0) += old.size_of(id) as u64;
        }
    }
    rows.retain(|r| r.count > 0 || r.count_delta.is_some_and(|d| d != 0));
    rows.sort_by(|a, b| {
        (b.retained_size, b.size, &a.class).cmp(&(a.retained_size, a.size, &b.class))
    });
    rows
}

/// Count and size of each class of `snap` (no retained sizes).
fn per_class_counts(snap: &Snapshot) -> Vec<(u64, u64, u64)> {
    let classes = snap.classes();
    let mut rows = vec![(0u64, 0u64, 0u64); classes.names().len()];
    for id in snap.reported() {
        let r = &mut rows[classes.index_of(id) as usize];
        r.0 += 1;
        r.1 += snap.size_of(id) as u64;
    }
    rows
}
