//! The load-time layout check of a host's Lua 5.3 (the loadable modules).
//!
//! The engine reads the VM's structs in place, as transcribed in
//! `lua53.rs`. A host may run a `luaconf.h` with 32-bit integers or float
//! numbers, or another Lua that exports the same functions (5.2 does):
//! reading its heap with these layouts would misread or crash. Before the
//! modules install anything, [`host`] builds objects whose shape is known
//! through the C API and reads them back through the engine's layouts; the
//! first difference is the error `require` raises.

use std::os::raw::{c_int, c_void};

use mlua::ffi;

use super::super::probe::{protected, same, Outcome};
use super::*;

/// What differs between the host's Lua and the layouts the engine reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Mismatch {
    /// `lua_version` is not 503.
    Version(f64),
    /// One struct reads differently: its name and what was read.
    Layout { what: &'static str, detail: String },
    /// The check itself raised an error (out of memory).
    Failed(String),
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Version(v) => write!(
                f,
                "this Lua is not Lua 5.3 (lua_version is {v}, expected 503): built for Lua 5.3"
            ),
            Mismatch::Layout { what, detail } => write!(
                f,
                "this Lua's {what} layout differs from Lua 5.3's ({detail}): built for Lua 5.3.x with the default luaconf.h (64-bit integers and doubles)"
            ),
            Mismatch::Failed(msg) => write!(f, "the layout check could not run: {msg}"),
        }
    }
}

/// Checks the layouts of `l`'s VM; `Ok` means the engine may read it.
/// Runs under `lua_pcall`, so a memory error is a [`Mismatch::Failed`];
/// leaves the stack as it was.
///
/// # Safety
/// `l` is a live state on the current thread, inside a C call (a `luaopen_`
/// function), with room for two stack slots.
pub unsafe fn host(l: *mut ffi::lua_State) -> Result<(), Mismatch> {
    // SAFETY: the caller's contract. `lua_version` returns a pointer to the
    // version number in 5.2 and 5.3, the hosts that resolve every function
    // this library imports (5.4 lacks `lua_newuserdata`, 5.1 `lua_version`).
    unsafe {
        let v = ffi::lua_version(l);
        let version = if v.is_null() { 0.0 } else { *v };
        if version != 503.0 {
            return Err(Mismatch::Version(version));
        }
        match protected(l, run) {
            Ok(Ok(())) => Ok(()),
            Ok(Err((what, detail))) => Err(Mismatch::Layout { what, detail }),
            Err(msg) => Err(Mismatch::Failed(msg)),
        }
    }
}

/// An integer shown in hexadecimal: a 32-bit `lua_Integer` shows as its
/// low half with garbage above.
#[derive(PartialEq)]
struct Hex(i64);

impl std::fmt::Debug for Hex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

/// The value at `t[i]` as the engine reads the array part.
unsafe fn slot(t: *const c_void, i: usize) -> TValue {
    // SAFETY: `t` is a live table whose array part has more than `i` slots
    // (checked by the caller through `table_array_len`).
    unsafe { *table_array(t).add(i) }
}

unsafe extern "C-unwind" fn dummy(_: *mut ffi::lua_State) -> c_int {
    0
}

const ARRAY: usize = 8;
const BIG: i64 = 0x1_0000_0002;
const TEXT: &[u8] = b"lua-snapshot layout check";
const LONG_TEXT: &[u8] = b"lua-snapshot layout check of a long string (more than 40 bytes)";
const UD_LEN: usize = 24;
const CHUNK: &std::ffi::CStr = c"local upvalue_a = {} return function() return upvalue_a end";

unsafe fn run(l: *mut ffi::lua_State) -> Outcome {
    // SAFETY: every call below is the C API on the live state `l`, inside
    // the protected call; the engine's readers get pointers of live objects
    // of the named type, anchored on this call's stack.
    unsafe {
        let g = global(l as *const c_void);
        let registry = ffi::lua_topointer(l, ffi::LUA_REGISTRYINDEX);
        let tv = *(g.add(G_REGISTRY) as *const TValue);
        same("global_State", "registry", tv.gc(), registry)?;
        ffi::lua_rawgeti(l, ffi::LUA_REGISTRYINDEX, ffi::LUA_RIDX_MAINTHREAD);
        let main = ffi::lua_topointer(l, -1) as usize;
        ffi::lua_pop(l, 1);
        same("global_State", "main thread", g_word(g, G_MAINTHREAD), main)?;

        // Tables: array size, node count, metatable, and the values the
        // array holds (integers, floats, strings, userdata, C closures).
        ffi::lua_createtable(l, ARRAY as c_int, 5);
        let t_idx = ffi::lua_gettop(l);
        let t = ffi::lua_topointer(l, t_idx);
        same("Table", "array size", table_array_len(t), ARRAY)?;
        same("Table", "hash nodes (lsizenode)", table_node_len(t), 8)?;
        ffi::lua_createtable(l, 0, 0);
        let mt = ffi::lua_topointer(l, -1);
        ffi::lua_setmetatable(l, t_idx);
        same("Table", "metatable", table_metatable(t), mt)?;

        ffi::lua_pushinteger(l, BIG);
        ffi::lua_rawseti(l, t_idx, 1);
        ffi::lua_pushinteger(l, -2);
        ffi::lua_rawseti(l, t_idx, 2);
        ffi::lua_pushnumber(l, 1.5);
        ffi::lua_rawseti(l, t_idx, 3);
        let (big, neg, flt) = (slot(t, 0), slot(t, 1), slot(t, 2));
        same("TValue", "integer tag", big.variant(), VNUMINT)?;
        same(
            "TValue (lua_Integer)",
            "integer",
            Hex(big.as_int()),
            Hex(BIG),
        )?;
        same(
            "TValue (lua_Integer)",
            "integer",
            Hex(neg.as_int()),
            Hex(-2),
        )?;
        same("TValue", "float tag", flt.variant(), VNUMFLT)?;
        same("TValue (lua_Number)", "float", flt.as_float(), 1.5)?;

        // (`lua_topointer` gives no strings in 5.3: read them from the table.)
        for (i, text, variant) in [(4, TEXT, VSHRSTR), (5, LONG_TEXT, VLNGSTR)] {
            ffi::lua_pushlstring(l, text.as_ptr() as *const _, text.len());
            ffi::lua_rawseti(l, t_idx, i);
            let s = slot(t, i as usize - 1);
            same("TString", "string tag", s.variant(), variant)?;
            same("TString", "text", string_bytes(s.gc()), text)?;
        }

        // A full userdata with its user value and metatable.
        let block = ffi::lua_newuserdata(l, UD_LEN);
        ffi::lua_pushvalue(l, t_idx);
        ffi::lua_setuservalue(l, -2);
        ffi::lua_pushvalue(l, t_idx);
        ffi::lua_setmetatable(l, -2);
        ffi::lua_rawseti(l, t_idx, 6);
        let u = slot(t, 5).gc();
        same(
            "Udata",
            "data offset",
            udata_block(u),
            block as *const c_void,
        )?;
        same("Udata", "metatable", udata_metatable(u), t)?;
        same("Udata", "user value", udata_user_value(u, 0).gc(), t)?;
        same("Udata", "size", udata_size(u), 40 + UD_LEN)?;

        // A C closure with two upvalues.
        ffi::lua_pushinteger(l, 7);
        ffi::lua_pushvalue(l, t_idx);
        ffi::lua_pushcclosure(l, dummy, 2);
        ffi::lua_rawseti(l, t_idx, 7);
        let c = slot(t, 6);
        same("CClosure", "tag", c.variant(), VCCL)?;
        let c = c.gc();
        same("CClosure", "upvalue count", cclosure_upvalues(c), 2)?;
        same("CClosure", "upvalue 1", cclosure_upvalue(c, 0).as_int(), 7)?;
        same("CClosure", "upvalue 2", cclosure_upvalue(c, 1).gc(), t)?;
        same(
            "CClosure",
            "function",
            cclosure_function(c),
            dummy as *const c_void,
        )?;

        // The running thread: its stack as lua_gettop sees it.
        let top = ffi::lua_gettop(l) as isize;
        let (stack, stack_top) = thread_stack(l as *const c_void);
        let base = (*(*(l as *const LuaState)).ci).func as *const TValue;
        same(
            "lua_State",
            "top - func - 1 (lua_gettop)",
            stack_top.offset_from(base) - 1,
            top,
        )?;
        if base < stack {
            return Err(("lua_State", "the frame lies below the stack".into()));
        }

        // The basic-type metatables: set one for booleans, read it back,
        // put the old one back.
        ffi::lua_pushboolean(l, 0);
        let had = ffi::lua_getmetatable(l, -1) != 0;
        if !had {
            ffi::lua_pushnil(l);
        }
        ffi::lua_pushvalue(l, t_idx);
        ffi::lua_setmetatable(l, -3);
        let read = g_word(g, G_MT + 8 * TBOOLEAN as usize);
        ffi::lua_setmetatable(l, -2);
        ffi::lua_pop(l, 1);
        same("global_State", "boolean metatable", read, t as usize)?;

        // A Lua closure: its upvalue cell holds a table, its prototype the
        // chunk's source and the upvalue's name.
        let name = c"=lua-snapshot check";
        let n = CHUNK.to_bytes().len();
        if ffi::luaL_loadbufferx(l, CHUNK.as_ptr(), n, name.as_ptr(), c"t".as_ptr()) != 0 {
            return Err(("Proto", "the check's chunk did not load".into()));
        }
        ffi::lua_call(l, 0, 1);
        let f = ffi::lua_topointer(l, -1);
        same("LClosure", "upvalue count", lclosure_upvalues(f), 1)?;
        let cell = lclosure_upvalue_cell(f, 0);
        let value = (!cell.is_null()).then(|| upvalue_value(cell)).flatten();
        same(
            "UpVal",
            "value type",
            value.map(|v| v.basic_type()),
            Some(TTABLE),
        )?;
        let p = lclosure_proto(f);
        same(
            "Proto",
            "source",
            string_bytes(proto_source(p)),
            name.to_bytes(),
        )?;
        let uv = proto_upvalue_name(p, 0).map(|s| string_bytes(s));
        same("Proto", "upvalue name", uv, Some(&b"upvalue_a"[..]))?;
        same("Proto", "linedefined", proto_linedefined(p), 1)?;
        ffi::lua_settop(l, t_idx - 1);
        Ok(())
    }
}
