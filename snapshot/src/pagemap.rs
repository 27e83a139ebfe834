//! Object address -> object index, laid out like the heap it indexes.
//!
//! The walk looks up every edge's target here. A hash map scatters
//! neighbouring objects over the whole table, so on a big heap every lookup
//! is a cache miss (and a TLB miss), even though Lua allocates objects that
//! belong together next to each other. This map keeps one block of 256
//! slots per 4 KiB page of the heap (objects are 16-byte aligned, so each
//! 16-byte step of an address has its own slot): objects allocated together
//! are looked up in the same cache lines. Pages are found through a small
//! hash directory (`PtrMap`), which stays in cache.

use crate::ptrmap::{prefetch, PtrMap};

const PAGE_SHIFT: u32 = 12;
/// Slots per page: one per 16-byte step.
const SLOTS: usize = 1 << (PAGE_SHIFT - 4);
/// Pages per storage chunk (64 KiB of slots), so storage grows without
/// copying what is already there.
const CHUNK_PAGES: usize = 64;

#[derive(Clone)]
pub struct PageMap {
    /// Page number (shifted to look like an aligned address) -> block.
    directory: PtrMap,
    /// Blocks of `SLOTS` values + 1 (0: empty), `CHUNK_PAGES` blocks a chunk.
    chunks: Vec<Box<[u32]>>,
    blocks: usize,
    /// Keys that are not 16-byte aligned (no Lua object is, but the map must
    /// stay correct for any key).
    odd: PtrMap,
}

impl PageMap {
    /// A map for about `expected` objects.
    pub fn with_capacity(expected: usize) -> Self {
        PageMap {
            directory: PtrMap::with_capacity(expected / 16),
            chunks: Vec::new(),
            blocks: 0,
            odd: PtrMap::with_capacity(0),
        }
    }

    #[inline]
    fn page_key(key: usize) -> usize {
        (key >> PAGE_SHIFT) << 4
    }

    #[inline]
    fn slot_of(block: u32, key: usize) -> (usize, usize) {
        let block = block as usize;
        let slot = (block % CHUNK_PAGES) * SLOTS + ((key >> 4) & (SLOTS - 1));
        (block / CHUNK_PAGES, slot)
    }

    #[inline]
    pub fn get(&self, key: usize) -> Option<u32> {
        if key & 15 != 0 {
            return self.odd.get(key);
        }
        let block = self.directory.get(Self::page_key(key))?;
        let (chunk, slot) = Self::slot_of(block, key);
        match self.chunks[chunk][slot] {
            0 => None,
            v => Some(v - 1),
        }
    }

    /// Starts loading the slot of `key` into the cache (see the walk's
    /// batched lookups).
    #[inline]
    pub fn prefetch(&self, key: usize) {
        if key & 15 != 0 {
            return self.odd.prefetch(key);
        }
        if let Some(block) = self.directory.get(Self::page_key(key)) {
            let (chunk, slot) = Self::slot_of(block, key);
            prefetch(&self.chunks[chunk][slot] as *const u32 as *const u8);
        }
    }

    /// Inserts `key` unless present; returns the value now stored and
    /// whether it was inserted. `value` must be below `u32::MAX`.
    #[inline]
    pub fn get_or_insert(&mut self, key: usize, value: u32) -> (u32, bool) {
        debug_assert!(key != 0 && value < u32::MAX);
        if key & 15 != 0 {
            return self.odd.get_or_insert(key, value);
        }
        let (block, _) = self
            .directory
            .get_or_insert(Self::page_key(key), self.blocks as u32);
        if block as usize == self.blocks {
            if self.blocks.is_multiple_of(CHUNK_PAGES) {
                self.chunks
                    .push(vec![0u32; CHUNK_PAGES * SLOTS].into_boxed_slice());
            }
            self.blocks += 1;
        }
        let (chunk, slot) = Self::slot_of(block, key);
        let cell = &mut self.chunks[chunk][slot];
        if *cell != 0 {
            return (*cell - 1, false);
        }
        *cell = value + 1;
        (value, true)
    }

    /// Bytes held by the map, for memory accounting.
    pub fn heap_bytes(&self) -> usize {
        self.chunks.len() * CHUNK_PAGES * SLOTS * 4
            + self.directory.heap_bytes()
            + self.odd.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::PageMap;

    #[test]
    fn dense_sparse_and_odd_keys() {
        let mut m = PageMap::with_capacity(0);
        // Dense (one page after another) and sparse (far apart) addresses.
        let keys: Vec<usize> = (1..20_000usize)
            .map(|i| 0x5555_0000_0000 + i * 48)
            .chain((1..2_000usize).map(|i| i << 24))
            .collect();
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(m.get_or_insert(k, i as u32), (i as u32, true));
        }
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(m.get(k), Some(i as u32));
            assert_eq!(m.get_or_insert(k, 7), (i as u32, false));
        }
        assert_eq!(m.get(0x5555_0000_0000 + 16), None);
        assert_eq!(m.get_or_insert(0x1008, 3), (3, true));
        assert_eq!(m.get(0x1008), Some(3));
    }
}
