//! `exportSnapshot`: a stored snapshot written to a file, atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use dap::types::snapshot::ExportFormat;
use serde::Serialize;
use snapshot::diff::sort_by_size;
use snapshot::report::object_report;

use super::store::{diff_object, Stored};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportedSnapshot<'a> {
    id: u64,
    label: &'a str,
    object_count: usize,
    total_size: usize,
    heap_bytes: usize,
    /// Every object, largest first, with its shortest path.
    objects: Vec<dap::types::snapshot::DiffObject>,
}

/// Writes `stored` to `path` (absolute, or relative to `base_dir`) and
/// returns the absolute path written. The file appears whole or not at all:
/// the text goes to a temporary file in the same folder, then is renamed.
pub fn export(
    stored: &Stored,
    path: &str,
    format: ExportFormat,
    base_dir: &Path,
) -> Result<PathBuf, String> {
    let target = base_dir.join(path);
    let snap = &stored.snap;
    let mut ids: Vec<_> = snap.reported().collect();
    sort_by_size(snap, &mut ids);
    let text = match format {
        ExportFormat::Json => {
            let doc = ExportedSnapshot {
                id: stored.id,
                label: &stored.label,
                object_count: ids.len(),
                total_size: snap.total_size(),
                heap_bytes: snap.heap_bytes,
                objects: ids
                    .iter()
                    .map(|&id| {
                        let mut r = object_report(snap, id, Some(base_dir));
                        r.paths.truncate(1);
                        diff_object(r)
                    })
                    .collect(),
            };
            serde_json::to_string(&doc).map_err(|e| format!("cannot encode the snapshot: {e}"))?
        }
        ExportFormat::Text => {
            let mut out = format!(
                "-- snapshot {} ({}): {} objects, {} bytes, heap {} bytes --\n",
                stored.id,
                stored.label,
                ids.len(),
                snap.total_size(),
                snap.heap_bytes
            );
            for &id in &ids {
                let o = snap.object(id);
                out.push_str(&format!(
                    "{:#x}\t{}\tsize:{}\t{}\n",
                    snap.display_addr(id),
                    snap.tag(id),
                    o.size,
                    snap.shortest_path(id)
                ));
            }
            out
        }
    };
    write_atomically(&target, text.as_bytes())
        .map_err(|e| format!("cannot write '{}': {e}", target.display()))?;
    Ok(target)
}

fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "snapshot".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
