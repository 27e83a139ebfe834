//! Frames of a paused Lua thread through the C debug API.
//!
//! A [`FrameRef`] keeps the `lua_Debug` that `lua_getstack` filled: its
//! private `i_ci` names the frame's call-info record, so locals stay
//! reachable while the debugger pushes its own frames (evaluations) on top.
//! It is valid while the program is stopped: the frames of a stopped program
//! do not return, and the call-info records under the running one are never
//! freed.
//!
//! Calls that push values go through `Lua::exec_raw`, which runs them
//! protected on the running thread, so a memory error cannot unwind Rust
//! frames; the others (`lua_getstack`, `lua_getinfo` without `f`/`L`) cannot
//! raise.

use std::cell::UnsafeCell;
use std::ffi::CStr;
use std::os::raw::c_char;

use mlua::ffi::{self, lua_Debug, lua_State};
use mlua::{Function, Lua, MultiValue, Value};
use snapshot::frame::CallFrame;

/// One frame of a stopped thread.
pub struct FrameRef {
    pub thread: *mut lua_State,
    /// Boxed so its address is stable; in a cell because the C API writes
    /// it through every call.
    ar: Box<UnsafeCell<lua_Debug>>,
}

/// What `lua_getinfo("nSl")` says about a frame.
#[derive(Debug, Clone)]
pub struct FrameInfo {
    pub name: Option<String>,
    /// `Lua`, `C` or `main`.
    pub what: String,
    pub source: Vec<u8>,
    pub short_src: String,
    pub current_line: i64,
    pub line_defined: i64,
}

/// A local variable: its `lua_getlocal` index (negative for varargs).
pub struct Local {
    pub name: String,
    pub index: i32,
    pub value: Value,
}

/// The chunk name `lua_getinfo("S")` left in `ar` (Lua 5.4 gives its
/// length, the others a NUL-terminated string).
///
/// # Safety
/// `ar` was filled by `lua_getinfo` with `S`, and its frame is alive.
unsafe fn source_bytes(ar: &lua_Debug) -> Vec<u8> {
    if ar.source.is_null() {
        return Vec::new();
    }
    // SAFETY: the caller's contract: `source` points at the chunk name.
    unsafe {
        #[cfg(not(feature = "lua54"))]
        let bytes = CStr::from_ptr(ar.source).to_bytes();
        #[cfg(feature = "lua54")]
        let bytes = std::slice::from_raw_parts(ar.source as *const u8, ar.srclen);
        bytes.to_vec()
    }
}

fn cstr(p: *const c_char) -> Option<String> {
    // SAFETY: Lua hands out NUL-terminated strings that live at least as
    // long as the call that returned them; we copy at once.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

impl FrameRef {
    /// The frame at `level` of `thread`.
    ///
    /// # Safety
    /// `thread` is a live thread of the VM, paused (running the debugger or
    /// waiting in a resume), on the VM thread.
    pub unsafe fn at(thread: *mut lua_State, level: usize) -> Option<FrameRef> {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let level = i32::try_from(level).ok()?;
            let ar: Box<UnsafeCell<lua_Debug>> = Box::new(UnsafeCell::new(std::mem::zeroed()));
            (ffi::lua_getstack(thread, level, ar.get()) != 0).then_some(FrameRef { thread, ar })
        }
    }

    /// The frame `frame` of `thread`, found without `lua_getstack`'s walk
    /// from the top (see [`frames`]).
    ///
    /// # Safety
    /// As for [`FrameRef::at`]; `frame` is one of `thread`'s frames.
    pub unsafe fn of(thread: *mut lua_State, frame: CallFrame) -> FrameRef {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let ar: Box<UnsafeCell<lua_Debug>> = Box::new(UnsafeCell::new(std::mem::zeroed()));
            snapshot::frame::point_record(ar.get(), frame);
            FrameRef { thread, ar }
        }
    }

    pub fn info(&self) -> FrameInfo {
        // SAFETY: `ar` came from `lua_getstack` on this thread and the frame
        // is alive (module invariant); "nSl" neither pushes nor allocates.
        unsafe {
            let ar = &mut *self.ar.get();
            ffi::lua_getinfo(self.thread, c"nSl".as_ptr(), ar);
            let source = source_bytes(ar);
            FrameInfo {
                name: cstr(ar.name),
                what: cstr(ar.what).unwrap_or_default(),
                source,
                short_src: cstr(ar.short_src.as_ptr()).unwrap_or_default(),
                current_line: i64::from(ar.currentline),
                line_defined: i64::from(ar.linedefined),
            }
        }
    }

    fn ar_ptr(&self) -> *mut lua_Debug {
        self.ar.get()
    }

    /// The frame's function.
    pub fn function(&self, lua: &Lua) -> Option<Function> {
        let (thread, ar) = (self.thread, self.ar_ptr());
        // SAFETY: protected on the running thread `state`; `thread` is alive
        // and paused; one slot is checked before pushing on it.
        let value = unsafe {
            lua.exec_raw::<Value>((), move |state| {
                if ffi::lua_checkstack(thread, 1) == 0 {
                    return;
                }
                ffi::lua_getinfo(thread, c"f".as_ptr(), ar);
                if thread != state {
                    ffi::lua_xmove(thread, state, 1);
                }
            })
        };
        match value {
            Ok(Value::Function(f)) => Some(f),
            _ => None,
        }
    }

    /// Local `index` (negative: vararg), if it exists.
    fn local(&self, lua: &Lua, index: i32) -> Option<(String, Value)> {
        let (thread, ar) = (self.thread, self.ar_ptr());
        // SAFETY: as in `function`; `lua_getlocal` pushes only when it
        // returns a name.
        let values = unsafe {
            lua.exec_raw::<MultiValue>((), move |state| {
                if ffi::lua_checkstack(thread, 1) == 0 {
                    return;
                }
                let name = ffi::lua_getlocal(thread, ar, index);
                if name.is_null() {
                    return;
                }
                if thread != state {
                    ffi::lua_xmove(thread, state, 1);
                }
                ffi::lua_pushstring(state, name);
                ffi::lua_insert(state, -2);
            })
        }
        .ok()?;
        let mut it = values.into_iter();
        match (it.next(), it.next()) {
            (Some(Value::String(name)), Some(value)) => {
                Some((name.to_string_lossy().to_string(), value))
            }
            _ => None,
        }
    }

    /// The named locals (no temporaries), then the varargs as `...[n]`.
    pub fn locals(&self, lua: &Lua) -> Vec<Local> {
        let mut out = Vec::new();
        for index in 1..=1000 {
            let Some((name, value)) = self.local(lua, index) else {
                break;
            };
            if !name.starts_with('(') {
                out.push(Local { name, index, value });
            }
        }
        for n in 1..=1000 {
            let Some((_, value)) = self.local(lua, -n) else {
                break;
            };
            out.push(Local {
                name: format!("...[{n}]"),
                index: -n,
                value,
            });
        }
        out
    }

    /// Sets local `index` (as listed by [`FrameRef::locals`]).
    pub fn set_local(&self, lua: &Lua, index: i32, value: Value) -> mlua::Result<()> {
        let (thread, ar) = (self.thread, self.ar_ptr());
        // SAFETY: as in `function`; `lua_setlocal` pops the value when it
        // names a local, and we pop it ourselves otherwise.
        unsafe {
            lua.exec_raw::<()>(value, move |state| {
                if thread != state {
                    if ffi::lua_checkstack(thread, 1) == 0 {
                        return;
                    }
                    ffi::lua_xmove(state, thread, 1);
                }
                if ffi::lua_setlocal(thread, ar, index).is_null() {
                    ffi::lua_pop(thread, 1);
                }
            })
        }
    }
}

/// The upvalues of `function`: (name, index, value).
pub fn upvalues(lua: &Lua, function: &Function) -> Vec<(String, i32, Value)> {
    let mut out = Vec::new();
    for index in 1..=255 {
        // SAFETY: protected; the function is argument 1 of the closure's
        // frame, and `lua_getupvalue` pushes only when it returns a name.
        let values = unsafe {
            lua.exec_raw::<MultiValue>(function, move |state| {
                let name = ffi::lua_getupvalue(state, -1, index);
                if name.is_null() {
                    return;
                }
                ffi::lua_pushstring(state, name);
                ffi::lua_insert(state, -2);
            })
        };
        let Ok(values) = values else { break };
        let mut it = values.into_iter();
        match (it.nth(1), it.next()) {
            (Some(Value::String(name)), Some(value)) => {
                let mut name = name.to_string_lossy().to_string();
                if name.is_empty() {
                    name = format!("[{index}]"); // C functions' upvalues have no names
                }
                out.push((name, index, value));
            }
            _ => break,
        }
    }
    out
}

/// Sets upvalue `index` of `function`.
pub fn set_upvalue(lua: &Lua, function: &Function, index: i32, value: Value) -> mlua::Result<()> {
    // SAFETY: protected; the function is at -2, the value on top, which
    // `lua_setupvalue` pops on success.
    unsafe {
        lua.exec_raw::<()>((function, value), move |state| {
            if ffi::lua_setupvalue(state, -2, index).is_null() {
                ffi::lua_pop(state, 1);
            }
        })
    }
}

/// The frames of `thread`, innermost first (index = `lua_getstack` level),
/// in one walk down the call-info chain: a stack of a million frames costs
/// a million steps once, not once per frame.
///
/// # Safety
/// `thread` is a live thread of the VM, on the VM thread.
pub unsafe fn frames(thread: *mut lua_State) -> Vec<CallFrame> {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let mut out = Vec::new();
        let mut frame = snapshot::frame::running(thread as *const _);
        // `running` is the base frame (no function) when nothing runs.
        if frame.caller().is_none() && !has_function(thread) {
            return out;
        }
        loop {
            out.push(frame);
            match frame.caller() {
                Some(caller) => frame = caller,
                None => return out,
            }
        }
    }
}

/// Whether `thread` runs a function at all (level 0 exists).
unsafe fn has_function(thread: *mut lua_State) -> bool {
    // SAFETY: `lua_getstack(0)` looks at the innermost frame only.
    unsafe {
        let mut ar: lua_Debug = std::mem::zeroed();
        ffi::lua_getstack(thread, 0, &mut ar) != 0
    }
}

/// How many frames `thread` has (levels 0..n), in one walk down the chain.
///
/// # Safety
/// `thread` is a live thread of the VM, on the VM thread.
pub unsafe fn level_count(thread: *mut lua_State) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        if !has_function(thread) {
            return 0;
        }
        let mut frame = snapshot::frame::running(thread as *const _);
        let mut count = 1;
        while let Some(caller) = frame.caller() {
            frame = caller;
            count += 1;
        }
        count
    }
}

/// How many parameters a function declares (0 for C functions). LuaJIT's
/// and 5.1's `lua_getinfo` do not say: the prototype does.
pub fn param_count(function: &Function) -> usize {
    #[cfg(any(feature = "luajit", feature = "lua51"))]
    // SAFETY: a live function of the VM, on the VM thread.
    let count = unsafe { snapshot::frame::param_count(function.to_pointer()) };
    #[cfg(any(feature = "lua54", feature = "lua53"))]
    let count = function.info().num_params;
    usize::from(count)
}

/// The metatable of any value, read raw (no `__metatable` field).
pub fn metatable(lua: &Lua, value: &Value) -> Option<mlua::Table> {
    // SAFETY: protected; the value is argument 1 of the closure's frame;
    // `lua_getmetatable` pushes only when there is one.
    let values = unsafe {
        lua.exec_raw::<MultiValue>(value, |state| {
            ffi::lua_getmetatable(state, -1);
        })
    }
    .ok()?;
    match values.into_iter().nth(1) {
        Some(Value::Table(t)) => Some(t),
        _ => None,
    }
}
