//! `file://` URIs for source files, as editors write them.
//!
//! `lsp-types` 0.97 has a `Uri` type but no file-path conversion. Paths are
//! percent-encoded byte by byte (UTF-8), leaving only RFC 3986 unreserved
//! characters and `/` as they are, which is what VS Code's `Uri.file` emits.

use std::path::{Path, PathBuf};

/// `file://` URI of an absolute path.
pub fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::from("file://");
    let mut rest = text.replace('\\', "/");
    // Windows drive: `C:/x` -> `/c%3A/x`.
    if rest.len() >= 2 && rest.as_bytes()[1] == b':' && rest.as_bytes()[0].is_ascii_alphabetic() {
        rest = format!("/{}{}", rest[..1].to_ascii_lowercase(), &rest[1..]);
    }
    for &b in rest.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The path of a `file://` URI, `None` for other schemes or bad escapes.
pub fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let rest = rest.get(rest.find('/')?..)?; // skip an authority, if any
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(PathBuf::from(String::from_utf8(out).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_spaces_hash_and_non_ascii() {
        let p = Path::new("/home/me/my game/#1/café.lua");
        let uri = file_uri(p);
        assert_eq!(uri, "file:///home/me/my%20game/%231/caf%C3%A9.lua");
        assert_eq!(file_path(&uri).as_deref(), Some(p));
    }

    #[test]
    fn windows_drive_letters() {
        assert_eq!(
            file_uri(Path::new("C:\\src\\a b.lua")),
            "file:///c%3A/src/a%20b.lua"
        );
    }

    #[test]
    fn rejects_other_schemes_and_bad_escapes() {
        assert_eq!(file_path("http://x/y"), None);
        assert_eq!(file_path("file:///a%zz"), None);
    }
}
