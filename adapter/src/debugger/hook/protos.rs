//! What each function definition holds, by prototype, for the hook.
//!
//! The hook runs at every call (and, in functions with breakpoints, every
//! line), so it must know in a few nanoseconds whether a function has
//! breakpoints. Asking Lua (`lua_getinfo`) and looking the chunk name up
//! costs hundreds; this cache answers from the prototype's address, with a
//! one-entry shortcut for the function asked about last (recursion, loops).
//!
//! An address names one function definition only while that prototype
//! lives, and the breakpoints may change: the cache is emptied whenever
//! either moves (the allocator counts prototype-sized frees;
//! `hook::set_breakpoints` empties it).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use snapshot::frame::ProtoRef;

use super::conditions::{self, Simple};
use crate::debugger::breakpoints::Breakpoints;

/// What the hook knows of one function definition.
#[derive(Debug)]
pub struct ProtoInfo {
    /// Its file has breakpoints (file number in [`Breakpoints`]).
    pub file: Option<usize>,
    /// It owns a breakpoint line: it runs with the line hook.
    pub lines: bool,
    /// The breakpoints of its file (only its own lines can be reported).
    pub bps: Box<[BpLine]>,
    /// The function breakpoint its calls hit.
    pub entry: Option<i64>,
}

#[derive(Debug)]
pub struct BpLine {
    pub line: i32,
    pub condition: Condition,
}

#[derive(Debug)]
pub enum Condition {
    None,
    /// Decided in the hook (`conditions.rs`), with the register of its local at
    /// the last instruction asked about.
    Simple(Simple, conditions::Register),
    /// Evaluated as Lua by the debugger's entry function.
    Lua,
}

impl ProtoInfo {
    pub fn bp_at(&self, line: i32) -> Option<&BpLine> {
        self.bps.iter().find(|b| b.line == line)
    }
}

/// Hashes an address: prototypes are at least 8-byte aligned, so the low
/// bits carry nothing.
#[derive(Default)]
pub struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only addresses are hashed")
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = ((n as u64) >> 3).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map keyed by object address.
pub type AddrMap<V> = HashMap<usize, V, BuildHasherDefault<AddrHasher>>;

#[derive(Default)]
pub struct ProtoCache {
    /// The allocator's count of prototype-sized frees when the entries
    /// were made.
    frees: u64,
    index: AddrMap<u32>,
    infos: Vec<ProtoInfo>,
    /// (address, entry) of the last lookup.
    last: Option<(usize, u32)>,
}

impl ProtoCache {
    /// Forgets every function (the breakpoints changed).
    pub fn clear(&mut self) {
        self.index.clear();
        self.infos.clear();
        self.last = None;
    }

    /// The entry of `p` if it has one; `proto_frees` is the allocator's
    /// count of prototype-sized frees, which empties the cache when it moved.
    #[inline]
    pub fn cached(&mut self, p: ProtoRef, proto_frees: u64) -> Option<&ProtoInfo> {
        if proto_frees != self.frees {
            self.frees = proto_frees;
            self.clear();
            return None;
        }
        let addr = p.addr();
        let i = match self.last {
            Some((a, i)) if a == addr => i,
            _ => {
                let i = *self.index.get(&addr)?;
                self.last = Some((addr, i));
                i
            }
        };
        Some(&self.infos[i as usize])
    }

    /// Makes the entry of `p` (after [`ProtoCache::cached`] found none).
    ///
    /// # Safety
    /// `p` is the prototype of a running frame.
    pub unsafe fn fill(&mut self, p: ProtoRef, bps: &mut Breakpoints) -> &ProtoInfo {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let i = self.infos.len() as u32;
            self.infos.push(describe(p, bps));
            self.index.insert(p.addr(), i);
            self.last = Some((p.addr(), i));
            &self.infos[i as usize]
        }
    }
}

unsafe fn describe(p: ProtoRef, bps: &mut Breakpoints) -> ProtoInfo {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let (first, last) = p.lines();
        let found = bps.describe(
            p.source_if_set().unwrap_or_default(),
            i64::from(first),
            i64::from(last),
        );
        let bps = found
            .lines
            .into_iter()
            .filter_map(|(line, condition)| {
                let line = i32::try_from(line).ok()?;
                let condition = match condition {
                    None => Condition::None,
                    Some(text) => conditions::parse(&text).map_or(Condition::Lua, |simple| {
                        Condition::Simple(simple, conditions::Register::default())
                    }),
                };
                Some(BpLine { line, condition })
            })
            .collect();
        ProtoInfo {
            file: found.file,
            lines: found.owns,
            bps,
            entry: found.entry,
        }
    }
}
