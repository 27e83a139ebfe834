//! Display names of chunks, as Lua's `short_src` shows them.
//!
//! Files under the base directory (the working directory of the script) are
//! shown relative to it, so paths read `bus.lua:16` as users expect from
//! `lua bus.lua`; other chunks follow `luaO_chunkid` (60-byte limit).

use std::path::Path;

const IDSIZE: usize = 60;

pub fn short_source(chunk: &[u8], base_dir: Option<&Path>) -> String {
    let text = String::from_utf8_lossy(chunk);
    if let Some(literal) = text.strip_prefix('=') {
        return truncate_end(literal, IDSIZE - 1).to_string();
    }
    if let Some(file) = text.strip_prefix('@') {
        if let Some(rel) = base_dir.and_then(|b| Path::new(file).strip_prefix(b).ok()) {
            return rel.to_string_lossy().into_owned();
        }
        if file.len() < IDSIZE {
            return file.to_string();
        }
        let keep = IDSIZE - 1 - 3;
        let mut cut = file.len() - keep;
        while !file.is_char_boundary(cut) {
            cut += 1;
        }
        return format!("...{}", &file[cut..]);
    }
    // Source text: `[string "first line..."]`.
    let room = IDSIZE - "[string \"".len() - "...".len() - "\"]".len() - 1;
    let first_line = text.split('\n').next().unwrap_or("");
    if first_line.len() == text.len() && text.len() < room {
        format!("[string \"{text}\"]")
    } else {
        format!("[string \"{}...\"]", truncate_end(first_line, room))
    }
}

/// Absolute path of a file chunk (`@path`), resolved against `base_dir`.
pub fn chunk_path(chunk: &str, base_dir: Option<&Path>) -> Option<std::path::PathBuf> {
    let file = chunk.strip_prefix('@')?;
    let path = Path::new(file);
    if path.is_absolute() {
        Some(path.to_path_buf())
    } else {
        base_dir.map(|b| b.join(path))
    }
}

fn truncate_end(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut cut = max;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    &s[..cut]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_under_base_are_relative() {
        let base = Path::new("/home/u/game");
        assert_eq!(
            short_source(b"@/home/u/game/src/bus.lua", Some(base)),
            "src/bus.lua"
        );
        assert_eq!(
            short_source(b"@/elsewhere/x.lua", Some(base)),
            "/elsewhere/x.lua"
        );
    }

    #[test]
    fn long_paths_keep_their_end() {
        let long = format!("@/{}/tail.lua", "d".repeat(80));
        let s = short_source(long.as_bytes(), None);
        assert!(s.starts_with("...") && s.ends_with("/tail.lua"));
        assert_eq!(s.len(), IDSIZE - 1);
    }

    #[test]
    fn strings_and_literals() {
        assert_eq!(short_source(b"=stdin", None), "stdin");
        assert_eq!(short_source(b"return 1", None), "[string \"return 1\"]");
        assert_eq!(
            short_source(b"local a = 1\nreturn a", None),
            "[string \"local a = 1...\"]"
        );
    }
}
