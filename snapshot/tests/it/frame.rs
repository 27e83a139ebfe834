//! The debugger's frame module against the C API: in a line hook, the
//! frames it walks, their prototypes' lines, PCs and the locals it reads
//! agree with what `lua_getstack`, `lua_getinfo` and `lua_getlocal` say of
//! the same frames. (LuaJIT's module reads no registers: not run there.)

use std::cell::RefCell;
use std::ffi::CStr;
use std::os::raw::c_void;

use mlua::ffi;
use mlua::Lua;
use snapshot::frame::{self, Scalar};

/// What one line event found: frames compared, locals compared, and the
/// first disagreement.
#[derive(Default)]
struct Tally {
    frames: usize,
    locals: usize,
    lines: usize,
    mismatch: Option<String>,
}

thread_local! {
    static TALLY: RefCell<Tally> = RefCell::new(Tally::default());
}

fn note(what: String) {
    TALLY.with(|t| {
        let mut t = t.borrow_mut();
        if t.mismatch.is_none() {
            t.mismatch = Some(what);
        }
    });
}

/// The value of a local as the C API reads it, in the frame module's terms
/// (numbers and strings only; the rest is `Other`).
unsafe fn api_scalar(l: *mut ffi::lua_State) -> Option<Scalar<'static>> {
    // SAFETY: the local's value is on top of `l`'s stack.
    unsafe {
        match ffi::lua_type(l, -1) {
            ffi::LUA_TNIL => Some(Scalar::Nil),
            ffi::LUA_TBOOLEAN => Some(Scalar::Bool(ffi::lua_toboolean(l, -1) != 0)),
            ffi::LUA_TNUMBER => Some(Scalar::Float(ffi::lua_tonumber(l, -1))),
            ffi::LUA_TSTRING => {
                let mut len = 0;
                let p = ffi::lua_tolstring(l, -1, &mut len) as *const u8;
                // Leaked for the comparison: a test's few strings.
                Some(Scalar::Str(Box::leak(
                    std::slice::from_raw_parts(p, len)
                        .to_vec()
                        .into_boxed_slice(),
                )))
            }
            _ => None,
        }
    }
}

/// Numbers compared by value: 5.3 and 5.4 keep integers apart, 5.1 not.
fn same(a: Scalar, b: Scalar) -> bool {
    match (a, b) {
        (Scalar::Int(x), Scalar::Float(y)) | (Scalar::Float(y), Scalar::Int(x)) => x as f64 == y,
        (a, b) => a == b,
    }
}

unsafe extern "C-unwind" fn hook(l: *mut ffi::lua_State, ar: *mut ffi::lua_Debug) {
    // SAFETY: a line hook on the VM thread: `ar` is its record.
    unsafe {
        TALLY.with(|t| t.borrow_mut().lines += 1);
        let mut f = Some(frame::hooked(l as *const c_void, ar));
        let mut level = 0;
        let mut api: ffi::lua_Debug = std::mem::zeroed();
        while ffi::lua_getstack(l, level, &mut api) != 0 {
            ffi::lua_getinfo(l, c"S".as_ptr(), &mut api);
            let what = CStr::from_ptr(api.what).to_bytes();
            if what == b"tail" {
                // 5.1's placeholder for the frames tail calls replaced: no
                // frame of its own.
                level += 1;
                continue;
            }
            let Some(fr) = f else {
                return note(format!("level {level}: the frame module ends early"));
            };
            match (fr.proto(), what) {
                (Some(p), b"Lua" | b"main") => {
                    let lines = p.lines();
                    if lines != (api.linedefined, api.lastlinedefined) {
                        return note(format!("level {level}: lines {lines:?}"));
                    }
                    compare_locals(l, &api, fr, p, level);
                }
                (None, b"C") => {}
                (p, w) => {
                    return note(format!(
                        "level {level}: {p:?} for {:?}",
                        String::from_utf8_lossy(w)
                    ))
                }
            }
            // The record the module points equals the one the C API found.
            let mut pointed: ffi::lua_Debug = std::mem::zeroed();
            frame::point_record(&mut pointed, fr);
            ffi::lua_getinfo(l, c"Sl".as_ptr(), &mut pointed);
            ffi::lua_getinfo(l, c"l".as_ptr(), &mut api);
            if (pointed.linedefined, pointed.currentline) != (api.linedefined, api.currentline) {
                return note(format!("level {level}: point_record"));
            }
            if let Some(c) = fr.caller() {
                if c.slot(l as *const c_void) >= fr.slot(l as *const c_void) {
                    return note(format!("level {level}: the caller's slot is not below"));
                }
            }
            TALLY.with(|t| t.borrow_mut().frames += 1);
            f = fr.caller();
            level += 1;
        }
        if f.is_some() {
            note(format!("level {level}: the frame module goes on"));
        }
    }
}

/// Each local `lua_getlocal` names at `fr`: the module finds its register
/// by name and reads the same value.
unsafe fn compare_locals(
    l: *mut ffi::lua_State,
    api: &ffi::lua_Debug,
    fr: frame::CallFrame,
    p: frame::ProtoRef,
    level: i32,
) {
    // SAFETY: a hook on the VM thread; `api` is a frame of `l`.
    unsafe {
        let pc = fr.pc(p);
        let mut n = 1;
        loop {
            let name = ffi::lua_getlocal(l, api, n);
            if name.is_null() {
                break;
            }
            let name = CStr::from_ptr(name).to_bytes().to_vec();
            let value = api_scalar(l);
            ffi::lua_pop(l, 1);
            n += 1;
            if name.starts_with(b"(") {
                continue; // temporaries and varargs have no name
            }
            let Some(value) = value else { continue };
            let Some(reg) = p.local_register(&name, pc) else {
                return note(format!(
                    "level {level}: no register for {name:?} at pc {pc}"
                ));
            };
            let read = fr.register(reg);
            if !same(read, value) {
                return note(format!(
                    "level {level}: {name:?} reads {read:?}, not {value:?}"
                ));
            }
            TALLY.with(|t| t.borrow_mut().locals += 1);
        }
    }
}

const SCRIPT: &str = r##"
local function leaf(a, b, ...)
  local s = "leaf" .. a
  local flag = b > 2
  return s, flag, select("#", ...)
end
local function middle(n, ...)
  local total = 0
  for i = 1, n do
    local x = i * 1.5
    total = total + x
    leaf(i, n, ...)
  end
  return total
end
local co = coroutine.wrap(function(k)
  local inside = k
  middle(2, "v")
  coroutine.yield(inside)
  return middle(3)
end)
co(7)
table.sort({3, 1, 2}, function(x, y) middle(1) return x < y end)
co()
return middle(2, 1, 2, 3)
"##;

#[test]
fn frames_agree_with_the_c_api_in_a_line_hook() {
    let lua = Lua::new();
    let run = lua.load(SCRIPT).into_function().expect("load");
    // SAFETY: exec_raw runs on the VM thread; the hook is removed below.
    unsafe {
        lua.exec_raw::<()>((), |l| {
            ffi::lua_sethook(l, Some(hook), ffi::LUA_MASKLINE, 0);
        })
    }
    .expect("sethook");
    // Coroutines get the hook of the thread that creates them.
    run.call::<f64>(()).expect("run");
    // SAFETY: as above.
    unsafe {
        lua.exec_raw::<()>((), |l| {
            ffi::lua_sethook(l, None, 0, 0);
        })
    }
    .expect("unhook");
    TALLY.with(|t| {
        let t = t.borrow();
        assert_eq!(t.mismatch, None, "after {} lines", t.lines);
        assert!(t.lines > 50, "{} line events", t.lines);
        let counts = format!(
            "{} lines, {} frames, {} locals",
            t.lines, t.frames, t.locals
        );
        assert!(t.frames > 2 * t.lines, "{counts}");
        assert!(t.locals > t.lines, "{counts}");
    });
}
