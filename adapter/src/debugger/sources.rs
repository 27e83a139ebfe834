//! Naming the code of a frame: files by normalized path, chunks loaded from
//! strings by a `sourceReference` whose text the `source` request serves.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use dap::types::{Source, SourcePresentationHint};
use mlua::{Lua, MultiValue, Value};

use super::loaded_sources::{Admission, LoadedList};

/// The form in which breakpoints and chunks are compared: absolute, with
/// symlinks resolved when the file exists, else cleaned lexically.
pub fn normalize(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let clean = std::fs::canonicalize(&absolute).unwrap_or_else(|_| lexical(&absolute));
    clean.to_string_lossy().into_owned()
}

fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The normalized file of a chunk named `@path`; `None` for other chunks.
/// A relative path is relative to the working directory, as Lua opened it.
pub fn chunk_path(source: &[u8]) -> Option<String> {
    let path = source.strip_prefix(b"@")?;
    let path = String::from_utf8_lossy(path);
    Some(normalize(Path::new(path.as_ref())))
}

/// Texts of chunks loaded from strings, by reference. Shared with the server
/// thread, which answers `source` requests itself.
#[derive(Clone, Default)]
pub struct SourceStore(Arc<Mutex<Store>>);

#[derive(Default)]
struct Store {
    /// Reference − 1 → text.
    texts: Vec<String>,
    /// Chunk source → reference.
    by_source: HashMap<Vec<u8>, i64>,
    /// Text of chunks loaded with an explicit name that is not `@`/`=`: their
    /// source is the name, not the text.
    named: HashMap<Vec<u8>, Vec<u8>>,
    /// The chunks this run has loaded (`loaded_sources.rs`).
    loaded: LoadedList,
}

/// Cap on the texts kept for `load(text, name)`: a script that loads code in
/// a loop must not make the adapter grow without bound.
const MAX_NAMED: usize = 1000;

impl SourceStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The text of reference `id`.
    pub fn content(&self, id: i64) -> Option<String> {
        let index = usize::try_from(id.checked_sub(1)?).ok()?;
        self.lock().texts.get(index).cloned()
    }

    /// The DAP source of a chunk, from its `source` and `short_src`.
    pub fn source_of(&self, source: &[u8], short_src: &str) -> Option<Source> {
        match source.first() {
            Some(b'@') => {
                let path = chunk_path(source)?;
                let name = Path::new(&path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned());
                Some(Source {
                    name,
                    path: Some(path),
                    ..Source::default()
                })
            }
            Some(b'=') | None => Some(Source {
                name: Some(short_src.to_owned()),
                presentation_hint: Some(SourcePresentationHint::Deemphasize),
                ..Source::default()
            }),
            Some(_) => {
                let id = self.reference(source);
                Some(Source {
                    name: Some(short_src.to_owned()),
                    source_reference: Some(id),
                    ..Source::default()
                })
            }
        }
    }

    /// Lists chunk `source` as loaded: its DAP source when it is new,
    /// `Err` the first time the cap on string chunks drops one.
    /// `short_src` is made only for a new chunk.
    pub(crate) fn add_loaded(
        &self,
        source: &[u8],
        short_src: impl FnOnce() -> String,
    ) -> Result<Option<Source>, ()> {
        match self.lock().loaded.admit(source) {
            Admission::New => {}
            Admission::Known | Admission::Unlisted(false) => return Ok(None),
            Admission::Unlisted(true) => return Err(()),
        }
        let Some(dap_source) = self.source_of(source, &short_src()) else {
            return Ok(None);
        };
        self.lock().loaded.sources.push(dap_source.clone());
        Ok(Some(dap_source))
    }

    /// The chunks listed so far (`loadedSources`).
    pub fn loaded(&self) -> Vec<Source> {
        self.lock().loaded.sources.clone()
    }

    /// A new run starts with nothing loaded.
    pub fn forget_loaded(&self) {
        self.lock().loaded = LoadedList::default();
    }

    fn reference(&self, source: &[u8]) -> i64 {
        let mut store = self.lock();
        if let Some(&id) = store.by_source.get(source) {
            return id;
        }
        let text = store
            .named
            .get(source)
            .cloned()
            .unwrap_or_else(|| source.to_vec());
        store
            .texts
            .push(String::from_utf8_lossy(&text).into_owned());
        let id = store.texts.len() as i64;
        store.by_source.insert(source.to_vec(), id);
        id
    }

    /// Wraps `load` so that the text of a chunk loaded with its own name is
    /// remembered (its debug information has only the name).
    pub fn wrap_load(&self, lua: &Lua) -> mlua::Result<mlua::Function> {
        let original: mlua::Function = lua.globals().get("load")?;
        let store = self.clone();
        let load = lua.create_function(move |_, args: MultiValue| {
            let mut it = args.iter();
            if let (Some(Value::String(text)), Some(Value::String(name))) = (it.next(), it.next()) {
                let name = name.as_bytes().to_vec();
                if !name.starts_with(b"@") && !name.starts_with(b"=") {
                    let mut s = store.lock();
                    if s.named.len() < MAX_NAMED {
                        s.named.insert(name, text.as_bytes().to_vec());
                    }
                }
            }
            original.call::<MultiValue>(args)
        })?;
        lua.globals().set("load", load.clone())?;
        Ok(load)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_cleanup() {
        assert_eq!(
            lexical(Path::new("/a/./b/../c.lua")),
            PathBuf::from("/a/c.lua")
        );
    }

    #[test]
    fn string_chunks_get_references() {
        let store = SourceStore::default();
        let src = store
            .source_of(b"return 1", "[string \"return 1\"]")
            .expect("source");
        let id = src.source_reference.expect("reference");
        assert_eq!(store.content(id).as_deref(), Some("return 1"));
        let again = store
            .source_of(b"return 1", "x")
            .and_then(|s| s.source_reference);
        assert_eq!(again, Some(id));
        assert!(store
            .source_of(b"=stdin", "stdin")
            .expect("s")
            .source_reference
            .is_none());
    }
}
