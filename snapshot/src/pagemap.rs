//! Object address -> object index, laid out like the heap it indexes.
//!
//! The walk looks up every edge's target here. A hash map scatters
//! neighbouring objects over the whole table, so on a big heap every lookup
//! is a cache miss (and a TLB miss), even though Lua allocates objects that
//! belong together next to each other. This map keeps one block of 128
//! slots per 4 KiB page of the heap, one slot per 32-byte step: objects
//! allocated together are looked up in the same cache lines. Pages are found
//! through a hash directory (`PtrMap`) of groups of 64 neighbouring pages,
//! small enough to stay in cache, and the pages used last through a smaller
//! cache in front of it.
//!
//! One slot per 32 bytes is enough because Lua objects are 16-byte aligned
//! and larger than 16 bytes (the smallest, a closure without upvalues, takes
//! 24), so two live objects start at least 32 bytes apart. An address inside
//! the slot of another object can only be looked up after that object was
//! freed: callers that may do so check the address of what they find
//! (`Snapshot::find`). Keys that are not 16-byte aligned go to an exact map.

use crate::ptrmap::{prefetch, PtrMap};

const PAGE_SHIFT: u32 = 12;
/// Bytes of heap per slot.
const STEP_SHIFT: u32 = 5;
const SLOTS: usize = 1 << (PAGE_SHIFT - STEP_SHIFT);
/// Pages per group: the directory maps groups of neighbouring pages, so it
/// stays small enough for the cache even on a heap of gigabytes.
const GROUP_SHIFT: u32 = 6;
const GROUP: usize = 1 << GROUP_SHIFT;
/// Entries of the cache of recently used pages (direct-mapped).
const RECENT: usize = 16;
/// Pages per storage chunk (32 KiB of slots), so storage grows without
/// copying what is already there.
const CHUNK_PAGES: usize = 64;

#[derive(Clone)]
pub struct PageMap {
    /// Group number (shifted to look like an aligned address) -> index in
    /// `groups`.
    directory: PtrMap,
    /// Block + 1 of each page of a group (0: no block).
    groups: Vec<[u32; GROUP]>,
    /// Blocks of `SLOTS` values + 1 (0: empty), `CHUNK_PAGES` blocks a chunk.
    chunks: Vec<Box<[u32]>>,
    blocks: usize,
    /// Keys that are not 16-byte aligned (no Lua object is, but the map must
    /// stay correct for any key).
    odd: PtrMap,
    /// (page number, block) of pages looked up last: the walk looks up
    /// neighbouring objects in a row.
    recent: [(usize, u32); RECENT],
    /// Page of the key `prefetch_next` saw last.
    last_prefetched: usize,
}

impl PageMap {
    /// A map for about `expected` objects.
    pub fn with_capacity(expected: usize) -> Self {
        PageMap {
            directory: PtrMap::with_capacity(expected / 16 / GROUP),
            groups: Vec::new(),
            chunks: Vec::new(),
            blocks: 0,
            odd: PtrMap::with_capacity(0),
            // No key has this page number.
            recent: [(usize::MAX, 0); RECENT],
            last_prefetched: usize::MAX,
        }
    }

    /// The directory key of the group of a page: non-zero, 16-byte aligned.
    #[inline]
    fn group_key(page: usize) -> usize {
        ((page >> GROUP_SHIFT) + 1) << 4
    }

    #[inline]
    fn slot_of(block: u32, key: usize) -> (usize, usize) {
        let block = block as usize;
        let slot = (block % CHUNK_PAGES) * SLOTS + ((key >> STEP_SHIFT) & (SLOTS - 1));
        (block / CHUNK_PAGES, slot)
    }

    /// The block of a page, through the directory.
    #[inline]
    fn find_block(&self, page: usize) -> Option<u32> {
        let group = self.directory.get(Self::group_key(page))?;
        match self.groups[group as usize][page % GROUP] {
            0 => None,
            b => Some(b - 1),
        }
    }

    /// The block of a page, through the cache of recent pages.
    #[inline]
    fn block(&mut self, page: usize) -> Option<u32> {
        let r = page % RECENT;
        if self.recent[r].0 == page {
            return Some(self.recent[r].1);
        }
        let block = self.find_block(page)?;
        self.recent[r] = (page, block);
        Some(block)
    }

    #[inline]
    pub fn get(&self, key: usize) -> Option<u32> {
        if key & 15 != 0 {
            return self.odd.get(key);
        }
        let block = self.find_block(key >> PAGE_SHIFT)?;
        let (chunk, slot) = Self::slot_of(block, key);
        match self.chunks[chunk][slot] {
            0 => None,
            v => Some(v - 1),
        }
    }

    /// [`PageMap::prefetch`] for the walk, which looks up neighbouring
    /// objects in a row (see `recent`). A key in the page of the one before
    /// is not prefetched: its slot is near the one just used, which the
    /// processor fetches on its own, and a prefetch costs about as much as
    /// the lookup it would speed up.
    #[inline]
    pub fn prefetch_next(&mut self, key: usize) {
        if key & 15 != 0 {
            return self.odd.prefetch(key);
        }
        let page = key >> PAGE_SHIFT;
        if page == self.last_prefetched {
            return;
        }
        self.last_prefetched = page;
        if let Some(block) = self.block(page) {
            let (chunk, slot) = Self::slot_of(block, key);
            prefetch(&self.chunks[chunk][slot] as *const u32 as *const u8);
        }
    }

    /// Starts loading the slot of `key` into the cache (see the walk's
    /// batched lookups).
    #[inline]
    pub fn prefetch(&self, key: usize) {
        if key & 15 != 0 {
            return self.odd.prefetch(key);
        }
        if let Some(block) = self.find_block(key >> PAGE_SHIFT) {
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
        let page = key >> PAGE_SHIFT;
        let block = match self.block(page) {
            Some(block) => block,
            None => self.new_block(page),
        };
        let (chunk, slot) = Self::slot_of(block, key);
        let cell = &mut self.chunks[chunk][slot];
        if *cell != 0 {
            return (*cell - 1, false);
        }
        *cell = value + 1;
        (value, true)
    }

    #[cold]
    fn new_block(&mut self, page: usize) -> u32 {
        let (group, _) = self
            .directory
            .get_or_insert(Self::group_key(page), self.groups.len() as u32);
        if group as usize == self.groups.len() {
            self.groups.push([0; GROUP]);
        }
        let block = self.blocks as u32;
        if self.blocks.is_multiple_of(CHUNK_PAGES) {
            self.chunks
                .push(vec![0u32; CHUNK_PAGES * SLOTS].into_boxed_slice());
        }
        self.blocks += 1;
        self.groups[group as usize][page % GROUP] = block + 1;
        self.recent[page % RECENT] = (page, block);
        block
    }

    /// Bytes held by the map, for memory accounting.
    pub fn heap_bytes(&self) -> usize {
        self.chunks.len() * CHUNK_PAGES * SLOTS * 4
            + self.groups.capacity() * GROUP * 4
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
