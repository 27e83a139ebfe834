//! Open-addressing map from an address to a `u32`.
//!
//! Used for the walk's small maps (key strings, prototypes, metatables,
//! exclusions) and as the page directory of `PageMap`, all looked up on hot
//! paths. Addresses are 16-byte aligned and never zero, so a multiplicative
//! hash of `addr >> 4` spreads them well and `0` can mark an empty slot;
//! std's SipHash doubled the walk time in a prototype.

/// Key and value side by side: a lookup in a large map costs one cache miss.
/// An array rather than a struct so that a new map is zeroed memory, which
/// the system hands out without writing it: a big map that stays mostly
/// empty costs no page faults.
type Slot = [usize; 2];

#[derive(Clone)]
pub struct PtrMap {
    slots: Vec<Slot>,
    len: usize,
    shift: u32,
}

impl PtrMap {
    /// A map that holds `expected` entries without growing.
    pub fn with_capacity(expected: usize) -> Self {
        let slots = (expected.max(8) * 8 / 7 + 1).next_power_of_two();
        PtrMap {
            slots: vec![[0; 2]; slots],
            len: 0,
            shift: 64 - slots.trailing_zeros(),
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline]
    fn slot(&self, key: usize) -> usize {
        ((key as u64 >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Starts loading the slot of `key` into the cache: the walk prefetches
    /// a batch of targets before looking them up, so their cache misses
    /// overlap instead of adding up.
    #[inline]
    pub fn prefetch(&self, key: usize) {
        let slot = &self.slots[self.slot(key)] as *const Slot;
        prefetch(slot as *const u8);
    }

    #[inline]
    pub fn get(&self, key: usize) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let [k, value] = self.slots[i];
            if k == key {
                return Some(value as u32);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Inserts `key` unless present; returns the value now stored.
    #[inline]
    pub fn get_or_insert(&mut self, key: usize, value: u32) -> (u32, bool) {
        debug_assert!(key != 0);
        if (self.len + 1) * 8 > self.slots.len() * 7 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let s = &mut self.slots[i];
            if s[0] == key {
                return (s[1] as u32, false);
            }
            if s[0] == 0 {
                *s = [key, value as usize];
                self.len += 1;
                return (value, true);
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let mut bigger = PtrMap::with_capacity(self.slots.len() * 2);
        for &[key, value] in &self.slots {
            if key != 0 {
                bigger.get_or_insert(key, value as u32);
            }
        }
        *self = bigger;
    }

    /// Bytes held by the map, for memory accounting.
    pub fn heap_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<Slot>()
    }
}

/// A cache hint; no effect on what the program computes.
#[inline(always)]
pub fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is only a hint: it never faults, even on an
    // invalid address, and SSE is part of the x86_64 baseline.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[cfg(test)]
mod tests {
    use super::PtrMap;

    #[test]
    fn inserts_finds_and_grows() {
        let mut m = PtrMap::with_capacity(2);
        for i in 1..10_000usize {
            assert_eq!(m.get_or_insert(i * 16, i as u32), (i as u32, true));
        }
        assert_eq!(m.len(), 9_999);
        for i in 1..10_000usize {
            assert_eq!(m.get(i * 16), Some(i as u32));
            assert_eq!(m.get_or_insert(i * 16, 0), (i as u32, false));
        }
        assert_eq!(m.get(16 * 20_000), None);
    }
}
