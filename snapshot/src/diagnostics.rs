//! Leaked closures as LSP diagnostics: one warning per function definition
//! site whose closures a diff found still alive, pointing at the line that
//! creates them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, PublishDiagnosticsParams, Range, Uri,
};

use crate::chunkid::chunk_path;
use crate::diff::Diff;
use crate::model::{Kind, ObjId, Snapshot, ROOT};
use crate::uri::file_uri;

pub const SOURCE: &str = "lua-snapshot";
pub const CODE: &str = "leaked-closure";

/// Human-readable byte count (`512 B`, `1.2 KB`, `3.4 MB`).
pub fn human_size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Diagnostics for the Lua functions among `diff.added` (objects of
/// `newer`), grouped by file. Functions from chunks without a file get none.
pub fn leaked_closures(
    newer: &Snapshot,
    diff: &Diff,
    base_dir: Option<&Path>,
) -> Vec<PublishDiagnosticsParams> {
    let mut sites: BTreeMap<(PathBuf, i64), Vec<ObjId>> = BTreeMap::new();
    for &id in &diff.added {
        if let Some(site) = definition(newer, id, base_dir) {
            sites.entry(site).or_default().push(id);
        }
    }
    if sites.is_empty() {
        return Vec::new();
    }
    let added: HashSet<ObjId> = diff.added.iter().copied().collect();
    let held = held_bytes(newer, &sites, &added);
    let mut lines = SourceLines::default();

    let mut by_file: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    for ((path, line), ids) in &sites {
        let bytes: usize = ids
            .iter()
            .map(|id| newer.object(*id).size + held.get(id).copied().unwrap_or(0))
            .sum();
        let holder = ids[0];
        let (count, noun, verb, they) = match ids.len() {
            1 => (1, "closure", "is", "it holds"),
            n => (n, "closures", "are", "they hold"),
        };
        let message = format!(
            "{count} {noun} created here {verb} still alive ({} with the new objects {they}), held by {}",
            human_size(bytes),
            newer.shortest_path(holder)
        );
        let related = path_functions(newer, holder, base_dir)
            .into_iter()
            .filter_map(|(p, l, src)| {
                Some(DiagnosticRelatedInformation {
                    location: Location {
                        uri: Uri::from_str(&file_uri(&p)).ok()?,
                        range: lines.range(&p, l),
                    },
                    message: format!("holds it: function defined at {src}"),
                })
            })
            .collect::<Vec<_>>();
        by_file.entry(path.clone()).or_default().push(Diagnostic {
            range: lines.range(path, *line),
            severity: Some(DiagnosticSeverity::WARNING),
            code: Some(NumberOrString::String(CODE.into())),
            source: Some(SOURCE.into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..Diagnostic::default()
        });
    }
    by_file
        .into_iter()
        .filter_map(|(path, diagnostics)| {
            Some(PublishDiagnosticsParams {
                uri: Uri::from_str(&file_uri(&path)).ok()?,
                diagnostics,
                version: None,
            })
        })
        .collect()
}

/// File and line of a Lua function defined in a file.
fn definition(snap: &Snapshot, id: ObjId, base_dir: Option<&Path>) -> Option<(PathBuf, i64)> {
    let f = snap.function_info(id)?;
    let path = chunk_path(snap.names.get(f.chunk), base_dir)?;
    Some((path, f.line as i64))
}

/// For each leaked closure, the bytes of the new objects it holds: those
/// whose shortest path from the root goes through it (its branch of the
/// walk's parent tree), however deep, up to the next leaked closure, which
/// counts its own. Counting only the closure's upvalues made the closure
/// that holds a whole structure look small.
///
/// One pass in id order: the walk is breadth-first, so a parent's id is
/// smaller than its children's and its owner is known first.
fn held_bytes(
    snap: &Snapshot,
    sites: &BTreeMap<(PathBuf, i64), Vec<ObjId>>,
    added: &HashSet<ObjId>,
) -> HashMap<ObjId, usize> {
    let closures: HashSet<ObjId> = sites.values().flatten().copied().collect();
    let mut ids: Vec<ObjId> = added.iter().copied().collect();
    ids.sort_unstable();
    let mut owner: HashMap<ObjId, ObjId> = HashMap::new();
    let mut bytes = HashMap::new();
    for id in ids {
        if closures.contains(&id) {
            owner.insert(id, id);
            continue;
        }
        let parent = snap.edges[snap.object(id).parent_edge as usize].from;
        if let Some(&o) = owner.get(&parent) {
            owner.insert(id, o);
            *bytes.entry(o).or_insert(0) += snap.object(id).size;
        }
    }
    bytes
}

/// Lua functions with a file on the shortest path to `id`, nearest first.
fn path_functions(
    snap: &Snapshot,
    id: ObjId,
    base_dir: Option<&Path>,
) -> Vec<(PathBuf, i64, String)> {
    let mut out = Vec::new();
    let mut at = snap.edges[snap.object(id).parent_edge as usize].from;
    while at != ROOT {
        if snap.object(at).kind == Kind::Function {
            if let (Some((p, l)), Some(src)) = (definition(snap, at, base_dir), snap.source(at)) {
                out.push((p, l, src));
            }
        }
        at = snap.edges[snap.object(at).parent_edge as usize].from;
    }
    out
}

/// Reads each source file once, to make ranges span the whole line.
#[derive(Default)]
struct SourceLines {
    files: HashMap<PathBuf, Vec<u32>>,
}

impl SourceLines {
    fn range(&mut self, path: &Path, line: i64) -> Range {
        let line0 = (line.max(1) - 1) as u32;
        let widths = self.files.entry(path.to_path_buf()).or_insert_with(|| {
            std::fs::read_to_string(path)
                .map(|text| {
                    text.lines()
                        .map(|l| l.encode_utf16().count() as u32)
                        .collect()
                })
                .unwrap_or_default()
        });
        let end = widths.get(line0 as usize).copied().unwrap_or(0);
        Range {
            start: Position::new(line0, 0),
            end: Position::new(line0, end),
        }
    }
}
