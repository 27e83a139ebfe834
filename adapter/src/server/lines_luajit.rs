//! The line tables of a LuaJIT bytecode dump (`string.dump`, lj_bcwrite.c):
//! what `lines.rs` reads of Lua 5.4's dump, for LuaJIT 2.1.
//!
//! A dump is a header (`ESC L J`, version, flags, chunk name), then every
//! prototype, children before their parent, each prefixed by its length
//! and ended by a zero length. A prototype's debug information comes last
//! in it; its line table starts that part: one entry per instruction after
//! the first (the function header), relative to `firstline`, of 1, 2 or 4
//! bytes as `numline` needs. These are the lines `debug.getinfo(f, "L")`
//! reports (lj_debug.c).

use std::collections::BTreeSet;

use super::{Protos, Reader};

/// `BCDUMP_F_STRIP`: no debug information.
const FLAG_STRIP: usize = 0x02;
/// `BCDUMP_F_BE`: big-endian line tables.
const FLAG_BE: usize = 0x01;

/// ULEB128: 7 bits per byte, least significant first, 0x80 = more.
fn uleb(r: &mut Reader) -> Option<usize> {
    let mut x: usize = 0;
    for shift in (0..35).step_by(7) {
        let b = r.byte()?;
        x |= usize::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(x);
        }
    }
    None
}

/// Reads a whole dump and lists every prototype as (linedefined,
/// lastlinedefined, lines), the pair as the hook sees it (0, 0 for the
/// main chunk).
pub fn parse_dump(data: &[u8], protos: &mut Protos) -> Option<()> {
    let mut r = Reader { data, pos: 0 };
    if r.bytes(3)? != b"\x1bLJ" || r.byte()? != 2 {
        return None;
    }
    let flags = uleb(&mut r)?;
    if flags & FLAG_STRIP != 0 {
        return None;
    }
    let name = uleb(&mut r)?;
    r.bytes(name)?;
    loop {
        let len = uleb(&mut r)?;
        if len == 0 {
            return Some(());
        }
        let body = r.bytes(len)?;
        protos.push(proto(body, flags & FLAG_BE != 0)?);
    }
}

fn proto(body: &[u8], big_endian: bool) -> Option<(i64, i64, BTreeSet<i64>)> {
    let mut r = Reader { data: body, pos: 0 };
    r.bytes(4)?; // flags, numparams, framesize, sizeuv
    uleb(&mut r)?; // sizekgc
    uleb(&mut r)?; // sizekn
    let instructions = uleb(&mut r)?;
    let sizedbg = uleb(&mut r)?;
    let mut lines = BTreeSet::new();
    if sizedbg == 0 {
        return Some((0, 0, lines));
    }
    let first = uleb(&mut r)? as i64;
    let numline = uleb(&mut r)? as i64;
    let width: usize = if numline < 256 {
        1
    } else if numline < 65536 {
        2
    } else {
        4
    };
    let debug = body.get(body.len().checked_sub(sizedbg)?..)?;
    let table = debug.get(..instructions.checked_mul(width)?)?;
    for entry in table.chunks_exact(width) {
        let mut bytes = [0u8; 4];
        if big_endian {
            bytes[4 - width..].copy_from_slice(entry);
            lines.insert(first + i64::from(u32::from_be_bytes(bytes)));
        } else {
            bytes[..width].copy_from_slice(entry);
            lines.insert(first + i64::from(u32::from_le_bytes(bytes)));
        }
    }
    let span = if first == 0 {
        (0, 0)
    } else {
        (first, first + numline)
    };
    Some((span.0, span.1, lines))
}
