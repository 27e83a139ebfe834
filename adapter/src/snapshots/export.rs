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
    let target = writable_target(&base_dir.join(path), "exportSnapshot")?;
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
                        // Every object is listed: its nearest listed
                        // dominator is its immediate one.
                        r.dominator = snap
                            .dominators()
                            .idom(id)
                            .filter(|&d| snap.object(d).kind.is_reported())
                            .map(|d| snapshot::report::address(snap.display_addr(d)));
                        diff_object(r)
                    })
                    .collect(),
            };
            serde_json::to_string(&doc).map_err(|e| format!("cannot encode the snapshot: {e}"))?
        }
        ExportFormat::Heapsnapshot => {
            let mut bytes = Vec::new();
            snapshot::heapsnapshot::write(snap, &mut bytes)
                .map_err(|e| format!("cannot encode the snapshot: {e}"))?;
            String::from_utf8(bytes).map_err(|e| format!("cannot encode the snapshot: {e}"))?
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
                    "{}\t{}\tsize:{}\t{}\n",
                    snapshot::report::address(snap.display_addr(id)),
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

/// Where `path` may be written: a regular file (existing or new), or the
/// regular file a symbolic link leads to. Devices, FIFOs, sockets and
/// folders are refused: replacing one by a regular file (as a rename over
/// it would) breaks the system, and writing into one can block forever.
/// `writer` names the caller in the message.
pub fn writable_target(path: &Path, writer: &str) -> Result<PathBuf, String> {
    let shown = path.display();
    let target = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| {
            format!("cannot write '{shown}': it is a symbolic link that leads nowhere ({e})")
        })?,
        Ok(_) => path.to_path_buf(),
        // A new file: its folder is checked when the file is created.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(e) => return Err(format!("cannot write '{shown}': {e}")),
    };
    let meta = std::fs::metadata(&target).map_err(|e| format!("cannot write '{shown}': {e}"))?;
    match special_kind(&meta) {
        None => Ok(target),
        Some(kind) => Err(format!(
            "cannot write '{shown}': it is {kind}; {writer} writes regular files only, \
             choose a file path"
        )),
    }
}

/// What a path that is not a regular file is, in words.
fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    Some(if kind.is_file() {
        return None;
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    })
}

/// Writes `bytes` to `target` whole or not at all (a temporary file in the
/// same folder, then a rename).
pub fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "snapshot".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        // A new file only: never write through something planted at `tmp`.
        let mut f = std::fs::File::create_new(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
