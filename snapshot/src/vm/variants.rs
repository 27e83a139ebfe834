//! The names the walk gives values: Lua 5.4's basic types and variants
//! (`lua.h`, `lobject.h` of 5.4). A runtime whose tags differ maps its
//! values onto these (`TValue::variant` of `lua53`, `lua51`), so that keys
//! and edges are named alike on every runtime.

pub const TNIL: u8 = 0;
pub const TBOOLEAN: u8 = 1;
pub const TLIGHTUSERDATA: u8 = 2;
pub const TNUMBER: u8 = 3;
pub const TSTRING: u8 = 4;
pub const TTABLE: u8 = 5;
pub const TFUNCTION: u8 = 6;
pub const TUSERDATA: u8 = 7;
pub const TTHREAD: u8 = 8;

pub const VFALSE: u8 = TBOOLEAN;
pub const VTRUE: u8 = TBOOLEAN | (1 << 4);
/// An integer (a number with an integral value where all are doubles).
pub const VNUMINT: u8 = TNUMBER;
pub const VNUMFLT: u8 = TNUMBER | (1 << 4);
/// A short string (any string where all are interned).
pub const VSHRSTR: u8 = TSTRING;
pub const VLNGSTR: u8 = TSTRING | (1 << 4);
pub const VLCL: u8 = TFUNCTION;
/// A light C function (not an object).
pub const VLCF: u8 = TFUNCTION | (1 << 4);
pub const VCCL: u8 = TFUNCTION | (2 << 4);
