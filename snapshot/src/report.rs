//! Reports: the JSON object shape shared by `run --json`, the DAP requests and
//! the editor extension, and the text formats of the seed libraries.

use std::fmt::Write;
use std::path::Path;

use serde::Serialize;

use crate::chunkid::chunk_path;
use crate::classes::{class_rows, ClassRow};
use crate::diff::{Diff, Growth};
use crate::model::{ObjId, Snapshot, ROOT};
use crate::paths::MAX_PATHS;

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Location {
    /// Absolute path of the file that defines the function.
    pub path: String,
    pub line: i64,
}

#[derive(Serialize, Clone, Debug)]
pub struct ObjectReport {
    pub address: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub size: usize,
    /// `short_src:linedefined` for Lua functions.
    pub source: Option<String>,
    pub location: Option<Location>,
    pub paths: Vec<String>,
    /// Bytes freed if the object were gone: its own and those of every
    /// object it dominates.
    pub retained_size: u64,
    /// Objects it dominates, itself included.
    pub retained_count: u64,
    /// See `classes`.
    pub class: String,
    /// The nearest object of the same report that dominates this one (the
    /// entry a folded view shows it under), `null` for top entries.
    pub dominator: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub struct GrowthReport {
    pub address: String,
    pub path: String,
    pub before: u32,
    pub after: u32,
}

/// What a script or a stretch of execution left behind.
#[derive(Serialize, Clone, Debug)]
pub struct LeakReport {
    /// All objects added, even when `objects` is cut by a limit.
    pub count: usize,
    pub total_size: usize,
    pub objects: Vec<ObjectReport>,
    pub grown: Vec<GrowthReport>,
    /// The snapshot's classes compared with the one before the script.
    pub classes: Vec<ClassRow>,
}

/// An address as the runtime's `tostring` shows it, so that report lines
/// can be matched with the program's own logs.
pub fn address(addr: usize) -> String {
    crate::vm::current::format_address(addr)
}

pub fn object_report(snap: &Snapshot, id: ObjId, base_dir: Option<&Path>) -> ObjectReport {
    with_paths(snap, id, snap.paths(id, MAX_PATHS), base_dir)
}

/// Reports of several objects (cheaper than one `object_report` each when
/// they are few among many).
pub fn object_reports(
    snap: &Snapshot,
    ids: &[ObjId],
    base_dir: Option<&Path>,
) -> Vec<ObjectReport> {
    let paths = snap.paths_of(ids, MAX_PATHS);
    ids.iter()
        .zip(paths)
        .map(|(&id, p)| with_paths(snap, id, p, base_dir))
        .collect()
}

fn with_paths(
    snap: &Snapshot,
    id: ObjId,
    paths: Vec<String>,
    base_dir: Option<&Path>,
) -> ObjectReport {
    let o = snap.object(id);
    let location = snap.function_info(id).and_then(|f| {
        chunk_path(snap.names.get(f.chunk), base_dir).map(|p| Location {
            path: p.to_string_lossy().into_owned(),
            line: f.line as i64,
        })
    });
    ObjectReport {
        address: address(snap.display_addr(id)),
        kind: o.kind.name(),
        size: o.size,
        source: snap.source(id),
        location,
        paths,
        retained_size: snap.dominators().retained_size(id),
        retained_count: snap.dominators().retained_count(id) as u64,
        class: snap.classes().name_of(id).to_string(),
        dominator: None,
    }
}

/// For every object of `snap`, the nearest of `ids` that dominates it, or
/// `ROOT`: the entry a folded view shows it under. Linear in the snapshot.
fn nearest_of(snap: &Snapshot, ids: &[ObjId]) -> Vec<ObjId> {
    let mut chosen = vec![0u64; snap.objects.len().div_ceil(64)];
    for &id in ids {
        chosen[id as usize / 64] |= 1 << (id % 64);
    }
    snap.dominators()
        .nearest(|d| chosen[d as usize / 64] & (1 << (d % 64)) != 0)
}

/// For each of `ids`, the nearest of `ids` that dominates it, or `ROOT`.
pub fn fold(snap: &Snapshot, ids: &[ObjId]) -> Vec<ObjId> {
    let near = nearest_of(snap, ids);
    ids.iter().map(|&id| near[id as usize]).collect()
}

/// The entries of a folded view: the objects of `ids` no other of them
/// dominates, largest retained size first (then largest own size).
pub fn top_entries(snap: &Snapshot, ids: &[ObjId]) -> Vec<ObjId> {
    let doms = snap.dominators();
    let mut top: Vec<ObjId> = ids
        .iter()
        .zip(fold(snap, ids))
        .filter(|(_, d)| *d == ROOT)
        .map(|(&id, _)| id)
        .collect();
    top.sort_by_key(|&id| {
        (
            std::cmp::Reverse(doms.retained_size(id)),
            std::cmp::Reverse(snap.size_of(id)),
            id,
        )
    });
    top
}

/// What a folded view of `ids` (largest first) lists: its first `limit`
/// top entries, then at most `limit` of the objects folded under those,
/// in the order of `ids`; and the number of top entries in all.
pub fn folded_view(snap: &Snapshot, ids: &[ObjId], limit: usize) -> (Vec<ObjId>, usize) {
    let near = fold(snap, ids);
    let mut by_walk: Vec<usize> = (0..ids.len()).collect();
    by_walk.sort_by_key(|&i| ids[i]);
    // A dominator comes first in walk order, so its top entry is known.
    let mut top_of: std::collections::HashMap<ObjId, ObjId> = Default::default();
    for i in by_walk {
        let top = match near[i] {
            ROOT => ids[i],
            d => top_of.get(&d).copied().unwrap_or(d),
        };
        top_of.insert(ids[i], top);
    }
    let top = top_entries(snap, ids);
    let count = top.len();
    let mut listed: Vec<ObjId> = top.into_iter().take(limit).collect();
    let shown: std::collections::HashSet<ObjId> = listed.iter().copied().collect();
    listed.extend(
        ids.iter()
            .zip(&near)
            .filter(|&(id, &d)| d != ROOT && shown.contains(&top_of[id]))
            .map(|(&id, _)| id)
            .take(limit),
    );
    (listed, count)
}

/// Sets `dominator` of each report of `ids` (same order) to the address of
/// the nearest of `all` that dominates it.
pub fn set_dominators(snap: &Snapshot, all: &[ObjId], ids: &[ObjId], reports: &mut [ObjectReport]) {
    let near = nearest_of(snap, all);
    for (r, &id) in reports.iter_mut().zip(ids) {
        let d = near[id as usize];
        r.dominator = (d != ROOT).then(|| address(snap.display_addr(d)));
    }
}

pub fn growth_report(snap: &Snapshot, g: &Growth) -> GrowthReport {
    GrowthReport {
        address: address(snap.display_addr(g.id)),
        path: snap.shortest_path(g.id),
        before: g.before,
        after: g.after,
    }
}

/// The added objects of `diff` (taken from `newer`), the first `limit`.
pub fn leak_report(
    older: &Snapshot,
    newer: &Snapshot,
    diff: &Diff,
    limit: Option<usize>,
    base_dir: Option<&Path>,
) -> LeakReport {
    let shown = limit.unwrap_or(usize::MAX);
    let ids = &diff.added[..diff.added.len().min(shown)];
    let mut objects = object_reports(newer, ids, base_dir);
    set_dominators(newer, &diff.added, ids, &mut objects);
    LeakReport {
        count: diff.added.len(),
        total_size: diff.added_size,
        objects,
        classes: class_rows(newer, Some((older, diff))),
        grown: diff
            .grown
            .iter()
            .take(shown)
            .map(|g| growth_report(newer, g))
            .collect(),
    }
}

/// `9.8 MB`, `12.5 KB`, `96 bytes`.
pub fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}

fn kilobytes(bytes: usize) -> String {
    format!("{}", bytes as f64 / 1024.0)
}

/// lsnapshot's `dstop_snapshot` listing: a header, `[i] type:… addr:… size:…KB`
/// with one tab-indented path per line, and the total of every listed object.
///
/// The listing is folded: it shows the objects of `ids` that no other of
/// them dominates, largest retained size first, each with what it retains
/// when that is more than itself; `limit` counts those entries.
pub fn lsnapshot_text(snap: &Snapshot, ids: &[ObjId], limit: Option<usize>) -> String {
    let mut out = String::from("------------------ diff snapshot ------------------\n");
    let total: usize = ids.iter().map(|&id| snap.object(id).size).sum();
    let top = top_entries(snap, ids);
    let shown = &top[..top.len().min(limit.unwrap_or(usize::MAX))];
    let doms = snap.dominators();
    for ((i, &id), paths) in shown
        .iter()
        .enumerate()
        .zip(snap.paths_of(shown, MAX_PATHS))
    {
        let o = snap.object(id);
        let _ = write!(
            out,
            "[{}] type:{} addr:{} size:{}KB",
            i + 1,
            snap.tag(id),
            address(snap.display_addr(id)),
            kilobytes(o.size)
        );
        let count = doms.retained_count(id);
        if count > 1 {
            let _ = write!(
                out,
                " retains {} objects, {}",
                count,
                human_bytes(doms.retained_size(id))
            );
        }
        out.push('\n');
        for p in paths {
            let _ = writeln!(out, "\t{p}");
        }
    }
    let _ = writeln!(
        out,
        "--------------- all size:{}Kb ---------------",
        kilobytes(total)
    );
    out
}

/// Text of `lua-snapshot run --leaks`: the lsnapshot listing of what the
/// script left behind, then the pre-existing tables whose size changed.
pub fn leaks_text(newer: &Snapshot, diff: &Diff, limit: Option<usize>) -> String {
    let mut out = lsnapshot_text(newer, &diff.added, limit);
    if !diff.grown.is_empty() {
        out.push_str("------------------ grown tables -------------------\n");
        for g in diff.grown.iter().take(limit.unwrap_or(usize::MAX)) {
            let _ = writeln!(
                out,
                "{} ({:+}) entries:{}->{}\t{}",
                address(newer.display_addr(g.id)),
                g.after as i64 - g.before as i64,
                g.before,
                g.after,
                newer.shortest_path(g.id)
            );
        }
    }
    let _ = writeln!(
        out,
        "{} objects, {} bytes still reachable",
        diff.added.len(),
        diff.added_size
    );
    out
}
