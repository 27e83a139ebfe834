//! `setBreakpoints` on paths that are not Lua files: devices, FIFOs, folders
//! and huge files get an unverified breakpoint with a reason, at once, and
//! the server keeps answering (a FIFO used to block it for good, /dev/zero
//! to grow it without bound).

use super::support;

use serde_json::json;
use support::Dap;

fn set_one(dap: &mut Dap, path: &str) -> serde_json::Value {
    let body = dap.ok(
        "setBreakpoints",
        json!({"source": {"path": path}, "breakpoints": [{"line": 1}]}),
    );
    body["breakpoints"][0].clone()
}

#[test]
fn breakpoints_in_files_that_are_not_lua_sources_are_refused() {
    let dir = std::env::temp_dir().join(format!("lua-snapshot-odd-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("fifo.lua");
    let fifo_c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
    // SAFETY: mkfifo reads a NUL-terminated path that lives across the call.
    assert_eq!(unsafe { libc::mkfifo(fifo_c.as_ptr(), 0o600) }, 0);
    // A sparse file: 1 GB that takes no disk.
    let huge = dir.join("huge.lua");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();

    let mut dap = Dap::start();
    dap.initialize();
    for (path, reason) in [
        ("/dev/zero".to_owned(), "not a regular file"),
        (fifo.to_string_lossy().into_owned(), "not a regular file"),
        (dir.to_string_lossy().into_owned(), "not a regular file"),
        (
            huge.to_string_lossy().into_owned(),
            "larger than the 16 MB limit",
        ),
    ] {
        let bp = set_one(&mut dap, &path);
        assert_eq!(bp["verified"], false, "{path}: {bp}");
        let message = bp["message"].as_str().unwrap();
        assert!(message.contains(reason), "{path}: {message}");
        // The server still answers.
        dap.ok("threads", json!({}));
    }
    dap.finish();
    let _ = std::fs::remove_dir_all(&dir);
}
