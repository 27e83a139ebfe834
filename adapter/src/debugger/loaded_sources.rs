//! The code the program has loaded, for the `loadedSources` request and the
//! `loadedSource` events: each file chunk (`@path`) and each chunk loaded
//! from a string (with the `sourceReference` that `sources.rs` gives it),
//! once, in the order the program loads them.
//!
//! The hook already looks at every new prototype (`hook/loaded.rs`); it
//! hands over the chunk name of each main prototype (one per `load`), and
//! the events go out from the hook, on the VM thread, without running Lua.
//! Chunks named with `=` (`=stdin`, the debugger's own `=(eval)`) have no
//! text to show and are not listed. Chunks stay listed until the program
//! ends: a chunk's functions may be collected, but its text stays readable
//! by its reference.

use std::cell::Cell;
use std::collections::HashSet;

use dap::types::{LoadedSourceEventBody, Source};
use snapshot::chunkid::short_source;

use super::state::Debugger;

/// Cap on the chunks loaded from strings that are listed: a script that
/// loads code in a loop must not make the list (and the texts kept for
/// their references) grow without bound.
pub const MAX_STRING_CHUNKS: usize = 1000;

/// The listed chunks of one run, kept in the session's `SourceStore` (the
/// server thread answers `loadedSources` from it).
#[derive(Default)]
pub struct LoadedList {
    pub sources: Vec<Source>,
    seen: HashSet<Vec<u8>>,
    strings: usize,
}

/// What becomes of a chunk name given to [`LoadedList::admit`].
#[derive(Debug, PartialEq, Eq)]
pub enum Admission {
    New,
    Known,
    /// Not listed: `=` chunks, or string chunks past the cap (`true` the
    /// first time the cap is reached).
    Unlisted(bool),
}

impl LoadedList {
    pub fn admit(&mut self, chunk: &[u8]) -> Admission {
        if chunk.is_empty() || chunk.starts_with(b"=") {
            return Admission::Unlisted(false);
        }
        if self.seen.contains(chunk) {
            return Admission::Known;
        }
        if !chunk.starts_with(b"@") {
            if self.strings >= MAX_STRING_CHUNKS {
                let first = self.strings == MAX_STRING_CHUNKS;
                self.strings += usize::from(first);
                return Admission::Unlisted(first);
            }
            self.strings += 1;
        }
        self.seen.insert(chunk.to_vec());
        Admission::New
    }
}

thread_local! {
    /// The cap on string chunks was reached in this run (each run has its
    /// own VM thread): the hook no longer hands string chunks over.
    static STRINGS_FULL: Cell<bool> = const { Cell::new(false) };
}

/// Whether the hook should hand over a chunk of this name: files, and
/// string chunks until the cap is reached (a script that loads code in a
/// loop then pays nothing more per load).
#[inline]
pub fn wanted(chunk: &[u8]) -> bool {
    match chunk.first() {
        Some(b'@') => true,
        Some(b'=') | None => false,
        Some(_) => !STRINGS_FULL.with(Cell::get),
    }
}

/// Lists the chunks the hook found and tells the client (on the VM thread;
/// calls no Lua).
pub fn announce(dbg: &Debugger, chunks: Vec<Vec<u8>>) {
    for chunk in chunks {
        let short = || short_source(&chunk, Some(&dbg.base_dir));
        match dbg.sources.add_loaded(&chunk, short) {
            Ok(Some(source)) => dbg.client.event(&LoadedSourceEventBody {
                reason: "new".into(),
                source,
            }),
            Ok(None) => {}
            Err(()) => {
                STRINGS_FULL.with(|f| f.set(true));
                dbg.client.output(
                    "console",
                    format!(
                        "lua-snapshot: more than {MAX_STRING_CHUNKS} chunks loaded from strings; \
                     Loaded Scripts lists the first {MAX_STRING_CHUNKS}\n"
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_chunk_once_and_strings_capped() {
        let mut list = LoadedList::default();
        assert_eq!(list.admit(b"@a.lua"), Admission::New);
        assert_eq!(list.admit(b"@a.lua"), Admission::Known);
        assert_eq!(list.admit(b"=stdin"), Admission::Unlisted(false));
        for i in 0..MAX_STRING_CHUNKS {
            assert_eq!(list.admit(format!("return {i}").as_bytes()), Admission::New);
        }
        assert_eq!(list.admit(b"return -1"), Admission::Unlisted(true));
        assert_eq!(list.admit(b"return -2"), Admission::Unlisted(false));
        assert_eq!(list.admit(b"@b.lua"), Admission::New);
    }
}
