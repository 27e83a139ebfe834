//! The floor under P5: what Lua's hook machinery costs with a hook that does
//! (almost) nothing, on the same fib(27) and tight loop as `dap_overhead`.
//!
//! The call hook reads the called function's prototype from the frame
//! (`snapshot::frame`, as the debugger does) and compares it with the last
//! one; the line hook also reads the line. Run with
//! `cargo bench -p lua-snapshot --bench hook_floor`. CPU times of the
//! workload itself (`os.clock`), fastest of 5, ratios to no hook.

use std::cell::Cell;
use std::os::raw::c_int;

use mlua::ffi::{self, lua_Debug, lua_State};
use mlua::Lua;

thread_local! {
    static LAST: Cell<usize> = const { Cell::new(0) };
}

unsafe extern "C-unwind" fn call_hook(l: *mut lua_State, ar: *mut lua_Debug) {
    // SAFETY: Lua passes the record of the frame being called.
    let p = unsafe { snapshot::frame::hooked(l as *const _, ar).proto() };
    let addr = p.map_or(0, |p| p.addr());
    if LAST.with(Cell::get) != addr {
        LAST.with(|l| l.set(addr));
    }
}

unsafe extern "C-unwind" fn line_hook(l: *mut lua_State, ar: *mut lua_Debug) {
    // SAFETY: as above; `currentline` is set for line events.
    if unsafe { (*ar).currentline } < 0 {
        LAST.with(|c| c.set(0));
    }
    unsafe { call_hook(l, ar) };
}

/// `sethook(mode)`: 0 no hook, 1 call hook, 2 call and line hooks, on the
/// running thread.
unsafe extern "C-unwind" fn sethook(l: *mut lua_State) -> c_int {
    // SAFETY: a C function called by Lua with its argument on the stack.
    unsafe {
        match ffi::lua_tointeger(l, 1) {
            1 => ffi::lua_sethook(l, Some(call_hook), ffi::LUA_MASKCALL, 0),
            2 => ffi::lua_sethook(l, Some(line_hook), ffi::LUA_MASKCALL | ffi::LUA_MASKLINE, 0),
            _ => ffi::lua_sethook(l, None, 0, 0),
        }
    }
    0
}

const WORK: &str = r#"
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local function loop() local x = 0 for i = 1, 10000000 do x = x + i % 7 end return x end
local which, mode = ...
sethook(mode)
local start = os.clock()
if which == "fib" then fib(27) else loop() end
local elapsed = os.clock() - start
sethook(0)
return elapsed
"#;

fn main() {
    let lua = Lua::new();
    // SAFETY: `sethook` only calls `lua_sethook` on the running thread.
    let f = unsafe { lua.create_c_function(sethook) }.expect("sethook");
    lua.globals().set("sethook", f).expect("global");
    let work = lua.load(WORK).into_function().expect("compile");
    let time = |which: &str, mode: i64| -> f64 {
        (0..5)
            .map(|_| work.call::<f64>((which, mode)).expect("run"))
            .fold(f64::INFINITY, f64::min)
    };
    println!("Hook floor (a hook that only reads the frame; ratio to no hook)");
    for which in ["fib", "loop"] {
        let none = time(which, 0);
        let call = time(which, 1);
        let line = time(which, 2);
        println!(
            "  {which:<5} no hook {none:.3}s | call hook {:.2}x | call + line hooks {:.2}x",
            call / none,
            line / none
        );
    }
}
