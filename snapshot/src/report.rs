//! Reports: the JSON object shape shared by `run --json`, the DAP requests and
//! the editor extension, and the text formats of the seed libraries.

use std::fmt::Write;
use std::path::Path;

use serde::Serialize;

use crate::chunkid::chunk_path;
use crate::diff::{Diff, Growth};
use crate::model::{ObjId, Snapshot};
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
}

pub fn address(addr: usize) -> String {
    format!("{addr:#x}")
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
    newer: &Snapshot,
    diff: &Diff,
    limit: Option<usize>,
    base_dir: Option<&Path>,
) -> LeakReport {
    let shown = limit.unwrap_or(usize::MAX);
    LeakReport {
        count: diff.added.len(),
        total_size: diff.added_size,
        objects: object_reports(newer, &diff.added[..diff.added.len().min(shown)], base_dir),
        grown: diff
            .grown
            .iter()
            .take(shown)
            .map(|g| growth_report(newer, g))
            .collect(),
    }
}

fn kilobytes(bytes: usize) -> String {
    format!("{}", bytes as f64 / 1024.0)
}

/// lsnapshot's `dstop_snapshot` listing: a header, `[i] type:… addr:… size:…KB`
/// with one tab-indented path per line, and the total of every listed object.
pub fn lsnapshot_text(snap: &Snapshot, ids: &[ObjId], limit: Option<usize>) -> String {
    let mut out = String::from("------------------ diff snapshot ------------------\n");
    let total: usize = ids.iter().map(|&id| snap.object(id).size).sum();
    let shown = &ids[..ids.len().min(limit.unwrap_or(usize::MAX))];
    for ((i, &id), paths) in shown
        .iter()
        .enumerate()
        .zip(snap.paths_of(shown, MAX_PATHS))
    {
        let o = snap.object(id);
        let _ = writeln!(
            out,
            "[{}] type:{} addr:{} size:{}KB",
            i + 1,
            snap.tag(id),
            address(snap.display_addr(id)),
            kilobytes(o.size)
        );
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
