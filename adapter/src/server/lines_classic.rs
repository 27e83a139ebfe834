//! The line tables of a Lua 5.3 or 5.1 dump (`string.dump`, ldump.c):
//! what `lines.rs` reads of Lua 5.4's dump, for the older formats.
//!
//! Both dump fixed-size integers (`int`, `size_t`) in the machine's order,
//! one absolute line per instruction. They differ in the header, in how a
//! string's length is written (5.3: one byte, 0xff for a `size_t` after
//! it; 5.1: a `size_t`), in the constants' tags, and in where the upvalue
//! descriptions and child prototypes lie. A child prototype of 5.3 may
//! omit its source (it is its parent's); every string's length counts its
//! terminating zero, 0 for none.

use std::collections::BTreeSet;

use super::{Protos, Reader};

/// The dump's version byte.
#[cfg(feature = "lua53")]
const VERSION: u8 = 0x53;
#[cfg(feature = "lua51")]
const VERSION: u8 = 0x51;

/// An `int` (4 bytes, checked in the header), in the machine's order.
fn int(r: &mut Reader) -> Option<i64> {
    let b = r.bytes(4)?;
    Some(i64::from(i32::from_ne_bytes([b[0], b[1], b[2], b[3]])))
}

/// A count (an `int` that must not be negative).
fn count(r: &mut Reader) -> Option<usize> {
    usize::try_from(int(r)?).ok()
}

/// A `size_t` (8 bytes, checked in the header).
fn size_t(r: &mut Reader) -> Option<usize> {
    let b = r.bytes(8)?;
    usize::try_from(u64::from_ne_bytes(b.try_into().ok()?)).ok()
}

/// A string, skipped: its length counts the terminating zero.
fn string(r: &mut Reader) -> Option<()> {
    #[cfg(feature = "lua53")]
    let n = match r.byte()? {
        0xff => size_t(r)?,
        n => usize::from(n),
    };
    #[cfg(feature = "lua51")]
    let n = size_t(r)?;
    if n > 0 {
        r.bytes(n - 1 + usize::from(cfg!(feature = "lua51")))?;
    }
    Some(())
}

/// Reads a whole dump and lists every prototype as (linedefined,
/// lastlinedefined, lines).
pub fn parse_dump(data: &[u8], protos: &mut Protos) -> Option<()> {
    let mut r = Reader { data, pos: 0 };
    if r.bytes(4)? != b"\x1bLua" || r.byte()? != VERSION || r.byte()? != 0 {
        return None;
    }
    #[cfg(feature = "lua53")]
    {
        r.bytes(6)?; // LUAC_DATA
                     // int, size_t, Instruction, lua_Integer, lua_Number.
        if r.bytes(5)? != [4, 8, 4, 8, 8] {
            return None;
        }
        r.bytes(16)?; // LUAC_INT, LUAC_NUM
        r.byte()?; // upvalues of the main function
    }
    #[cfg(feature = "lua51")]
    {
        // Endianness, int, size_t, Instruction, lua_Number, integral.
        if r.bytes(6)?[1..] != [4, 8, 4, 8, 0] {
            return None;
        }
    }
    function(&mut r, protos, 0)
}

fn function(r: &mut Reader, protos: &mut Protos, depth: usize) -> Option<()> {
    if depth > 200 {
        return None; // The parser's own limit is lower; this is garbage.
    }
    string(r)?; // source
    let linedefined = int(r)?;
    let lastlinedefined = int(r)?;
    // 5.1: nups; both: numparams, is_vararg, maxstacksize.
    r.bytes(if cfg!(feature = "lua51") { 4 } else { 3 })?;
    let ncode = count(r)?;
    r.bytes(ncode.checked_mul(4)?)?;
    let nk = count(r)?;
    for _ in 0..nk {
        match r.byte()? {
            1 => r.bytes(1).map(drop)?,      // boolean
            3 | 19 => r.bytes(8).map(drop)?, // float, integer (5.3)
            4 | 20 => string(r)?,            // string (short, long)
            _ => {}                          // nil
        }
    }
    #[cfg(feature = "lua53")]
    {
        let nup = count(r)?;
        r.bytes(nup.checked_mul(2)?)?;
    }
    let nprotos = count(r)?;
    for _ in 0..nprotos {
        function(r, protos, depth + 1)?;
    }
    let nline = count(r)?;
    let mut lines = BTreeSet::new();
    for _ in 0..nline {
        lines.insert(int(r)?);
    }
    let nloc = count(r)?;
    for _ in 0..nloc {
        string(r)?;
        int(r)?;
        int(r)?;
    }
    let nupnames = count(r)?;
    for _ in 0..nupnames {
        string(r)?;
    }
    protos.push((linedefined, lastlinedefined, lines));
    Some(())
}
