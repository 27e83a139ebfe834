//! Open-addressing map from object address to object index.
//!
//! The walk looks up every edge's target here, so this map is the hottest
//! structure of a snapshot. Addresses are 16-byte aligned and never zero, so a
//! multiplicative hash of `addr >> 4` spreads them well and `0` can mark an
//! empty slot; std's SipHash doubled the walk time in a prototype.

#[derive(Clone)]
pub struct PtrMap {
    keys: Vec<usize>,
    values: Vec<u32>,
    len: usize,
    shift: u32,
}

impl PtrMap {
    /// A map that holds `expected` entries without growing.
    pub fn with_capacity(expected: usize) -> Self {
        let slots = (expected.max(8) * 2).next_power_of_two();
        PtrMap {
            keys: vec![0; slots],
            values: vec![0; slots],
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

    #[inline]
    pub fn get(&self, key: usize) -> Option<u32> {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return Some(self.values[i]);
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
        if (self.len + 1) * 8 > self.keys.len() * 7 {
            self.grow();
        }
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return (self.values[i], false);
            }
            if k == 0 {
                self.keys[i] = key;
                self.values[i] = value;
                self.len += 1;
                return (value, true);
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let mut bigger = PtrMap::with_capacity(self.keys.len());
        for (&k, &v) in self.keys.iter().zip(&self.values) {
            if k != 0 {
                bigger.get_or_insert(k, v);
            }
        }
        *self = bigger;
    }

    /// Bytes held by the map, for memory accounting.
    pub fn heap_bytes(&self) -> usize {
        self.keys.capacity() * std::mem::size_of::<usize>() + self.values.capacity() * 4
    }
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
