//! `exportSnapshot` writes regular files only: special files and folders are
//! refused with an error that says why, and a symbolic link is followed to
//! the file it names (the link stays a link).

use super::support;

use std::os::unix::fs::FileTypeExt;
use std::path::Path;

use serde_json::json;
use support::{fixture, line_of, Dap};

fn export(dap: &mut Dap, path: &Path) -> serde_json::Value {
    dap.request(
        "exportSnapshot",
        json!({"id": 1, "path": path, "format": "text"}),
    )
}

#[test]
fn export_refuses_special_files_and_follows_links() {
    let dir =
        std::env::temp_dir().join(format!("lua-snapshot-export-kinds-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("fifo");
    let fifo_c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
    // SAFETY: mkfifo reads a NUL-terminated path that lives across the call.
    assert_eq!(unsafe { libc::mkfifo(fifo_c.as_ptr(), 0o600) }, 0);
    let real = dir.join("real.txt");
    std::fs::write(&real, "old").unwrap();
    let link = dir.join("link.txt");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let dangling = dir.join("dangling.txt");
    std::os::unix::fs::symlink(dir.join("missing/none.txt"), &dangling).unwrap();
    let to_fifo = dir.join("to-fifo");
    std::os::unix::fs::symlink(&fifo, &to_fifo).unwrap();

    let mut dap = Dap::start();
    let program = fixture("leak_loop.lua");
    let tick = line_of(&program, "tick");
    dap.launch(&program, json!({}), &[(&program, &[tick])]);
    dap.stopped("breakpoint");
    dap.ok("takeSnapshot", json!({}));

    for (path, kind) in [
        (&fifo, "a FIFO"),
        (&to_fifo, "a FIFO"),
        (&dir, "a folder"),
        (&dangling, "a symbolic link that leads nowhere"),
    ] {
        let response = export(&mut dap, path);
        assert_eq!(response["success"], false, "{response}");
        let message = response["message"].as_str().unwrap();
        assert!(message.contains(kind), "{path:?}: {message}");
    }
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());

    let response = export(&mut dap, &link);
    assert_eq!(response["success"], true, "{response}");
    assert_eq!(response["body"]["path"], real.to_string_lossy().as_ref());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(text.starts_with("-- snapshot 1 "), "{text}");

    dap.terminate_and_finish();
    let _ = std::fs::remove_dir_all(&dir);
}
