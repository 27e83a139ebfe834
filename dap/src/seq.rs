//! Sequence numbers for outgoing messages.
//!
//! DAP wants every message an actor sends numbered 1, 2, 3... The adapter
//! sends events from several threads (the Lua VM's, the reader's, timers), so
//! the counter is atomic and shared by reference.

use std::sync::atomic::{AtomicI64, Ordering};

/// Thread-safe source of outgoing `seq` numbers, starting at 1.
#[derive(Debug)]
pub struct SeqCounter(AtomicI64);

impl SeqCounter {
    /// A counter whose first number is 1.
    pub const fn new() -> Self {
        SeqCounter(AtomicI64::new(1))
    }

    /// The next number; never repeats. It saturates at `i64::MAX` instead of
    /// wrapping to negative numbers, which clients would reject.
    pub fn next(&self) -> i64 {
        match self
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_add(1))
        {
            Ok(n) | Err(n) => n,
        }
    }
}

impl Default for SeqCounter {
    fn default() -> Self {
        SeqCounter::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Arc;

    #[test]
    fn numbers_are_unique_across_threads() {
        let counter = Arc::new(SeqCounter::new());
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let c = Arc::clone(&counter);
                std::thread::spawn(move || (0..1000).map(|_| c.next()).collect::<Vec<_>>())
            })
            .collect();
        let mut all = HashSet::new();
        for h in handles {
            for n in h.join().expect("thread") {
                assert!(all.insert(n));
            }
        }
        assert_eq!(all.len(), 4000);
        assert_eq!(all.iter().min(), Some(&1));
    }
}
