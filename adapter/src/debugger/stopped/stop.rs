//! Entering the debugger on the VM thread: from the hook (interrupts,
//! breakpoints, steps) and from the message handlers (errors), and staying
//! stopped until the client resumes.

use std::rc::Rc;
use std::sync::atomic::Ordering;

use dap::types::StoppedEventBody;
use mlua::{Function, Lua, MultiValue, Value};

use super::frames::StopContext;
use super::requests::{self, Flow};
use super::values::plain_text;
use super::{eval, exception_conditions, snapshots};
use crate::debugger::breakpoints::{parse_log_message, BpState, Breakpoints, LogPart};
use crate::debugger::command::Command;
use crate::debugger::control::{self, INTERRUPT, IN_DEBUGGER, PAUSE, TERMINATE};
use crate::debugger::exception_filters;
use crate::debugger::frame_access::{self, FrameRef};
use crate::debugger::hook::{self, ENTER_BREAKPOINT, ENTER_INTERRUPT, ENTER_STEP};
use crate::debugger::host_calls;
use crate::debugger::state::{Debugger, Exception, Step};

/// Why the program stopped.
pub enum Reason {
    Entry,
    Step,
    Pause,
    Breakpoint(i64),
    FunctionBreakpoint(i64),
    Exception(String),
}

/// The function the hook calls (with `lua_pcall`) to enter the debugger.
/// Its argument is a set of `hook::ENTER_*` flags; it returns whether the
/// script must unwind.
pub fn entry_function(lua: &Lua) -> mlua::Result<Function> {
    // `enter` in `hook/event.rs` sets IN_DEBUGGER around the call and the
    // masks after it.
    lua.create_function(|lua, kind: i64| {
        // No debugger: an attach mode's host may have a client to attach.
        if hook::active().is_none() {
            host_calls::idle(lua);
        }
        let Some(dbg) = hook::active() else {
            return Ok(false);
        };
        let l = lua.current_thread().state();
        Ok(enter(&dbg, lua, l, kind))
    })
}

/// `lsnapshot.poll()` in an attach mode's host: serves what the client
/// queued, as an interrupt would, while the host's Lua is idle. A `pause`
/// stops at the Lua function that called `poll`, if one did; otherwise at
/// the next Lua instruction the host runs. Returns whether a client is
/// attached.
pub fn poll(lua: &Lua) -> bool {
    if IN_DEBUGGER.load(Ordering::SeqCst) {
        // Called by code the client evaluates: the queue is being served.
        return hook::active().is_some();
    }
    IN_DEBUGGER.store(true, Ordering::SeqCst);
    if hook::active().is_none() {
        host_calls::idle(lua);
    }
    let l = lua.current_thread().state();
    let attached = hook::active();
    if let Some(dbg) = &attached {
        enter(dbg, lua, l, ENTER_INTERRUPT);
    }
    IN_DEBUGGER.store(false, Ordering::SeqCst);
    if attached.is_some() {
        // A pause (or a request that came meanwhile) waits for the next Lua
        // instruction; the signal that asked for it found us busy.
        hook::arm_pending_interrupt();
    }
    hook::active().is_some()
}

fn enter(dbg: &Debugger, lua: &Lua, l: *mut mlua::ffi::lua_State, kind: i64) -> bool {
    if kind & ENTER_INTERRUPT != 0 {
        if service(dbg, lua) {
            return true;
        }
        if dbg.enabled && PAUSE.load(Ordering::SeqCst) {
            // SAFETY: `l` is the running thread, paused in this callback.
            let is_lua = unsafe { FrameRef::at(l, 1) }.is_some_and(|f| f.info().what != "C");
            if is_lua {
                return stop(dbg, lua, l, 1, Reason::Pause);
            }
            INTERRUPT.store(true, Ordering::SeqCst); // at the next Lua instruction
        }
    }
    if kind & ENTER_BREAKPOINT != 0 {
        let function = dbg.entry_hit.get().is_some();
        if let Some(id) = judge_breakpoint(dbg, lua, l) {
            let reason = if function {
                Reason::FunctionBreakpoint(id)
            } else {
                Reason::Breakpoint(id)
            };
            return stop(dbg, lua, l, 1, reason);
        }
    }
    if kind & ENTER_STEP != 0 {
        let reason = if dbg.step.get() == Step::Entry {
            Reason::Entry
        } else {
            Reason::Step
        };
        return stop(dbg, lua, l, 1, reason);
    }
    false
}

/// Handles the commands queued while the script runs; returns whether the
/// script must unwind.
fn service(dbg: &Debugger, lua: &Lua) -> bool {
    INTERRUPT.store(false, Ordering::SeqCst);
    while let Ok(command) = dbg.commands.try_recv() {
        match command {
            Command::Request(request) => {
                if !snapshots::handle(dbg, Some(lua), None, &request) {
                    requests::while_running(dbg, lua, &request)
                }
            }
            Command::Breakpoints { file, specs } => hook::set_breakpoints(dbg, file, specs),
            Command::FunctionBreakpoints(specs) => super::set_functions(dbg, lua, specs),
            Command::ResolveFunctions => super::resolve_functions(dbg, lua),
            Command::Terminate => TERMINATE.store(true, Ordering::SeqCst),
            Command::Pause | Command::Start => {}
            Command::Attach(order) => dbg.client.error(&order.request, "already attached"),
            Command::Detach { done, end_host } => {
                host_calls::detach(lua, done, end_host);
                return false;
            }
        }
    }
    control::unwinding()
}

/// Whether the breakpoint the hook found stops (its id), after its
/// condition, hit condition and log message.
fn judge_breakpoint(dbg: &Debugger, lua: &Lua, l: *mut mlua::ffi::lua_State) -> Option<i64> {
    let entry = dbg.entry_hit.take();
    let (file, line) = match entry {
        Some(_) => (String::new(), 0),
        None => dbg.hit.borrow_mut().take()?,
    };
    let spec = state_of(&mut dbg.breakpoints.borrow_mut(), entry, &file, line)?
        .spec
        .clone();
    // SAFETY: the program is paused in this callback, on the VM thread.
    let frame = unsafe { FrameRef::at(l, 1) };
    if let Some(condition) = spec.condition.as_deref().filter(|c| !c.trim().is_empty()) {
        match eval::evaluate(lua, frame.as_ref(), condition, false) {
            Ok(values) => {
                let truthy = !matches!(
                    values.front(),
                    None | Some(Value::Nil) | Some(Value::Boolean(false))
                );
                if !truthy {
                    return None;
                }
            }
            Err(e) => dbg.client.output(
                "console",
                format!("breakpoint condition '{condition}' failed at {file}:{line}: {e}\n"),
            ),
        }
    }
    let hits = {
        let mut bps = dbg.breakpoints.borrow_mut();
        let bp = state_of(&mut bps, entry, &file, line)?;
        bp.hits += 1;
        bp.hits
    };
    if spec.hit.is_some_and(|h| !h.matches(hits)) {
        return None;
    }
    if let Some(message) = &spec.log_message {
        let mut text = String::new();
        for part in parse_log_message(message) {
            match part {
                LogPart::Text(t) => text.push_str(&t),
                LogPart::Expr(e) => match eval::evaluate(lua, frame.as_ref(), &e, false) {
                    Ok(values) => {
                        let v = values.into_iter().next().unwrap_or(Value::Nil);
                        text.push_str(&plain_text(lua, &v, &dbg.base_dir));
                    }
                    Err(err) => text.push_str(&format!("{{error: {err}}}")),
                },
            }
        }
        text.push('\n');
        dbg.client.output("console", text);
        return None;
    }
    Some(spec.id)
}

/// The state of the breakpoint hit: a function breakpoint's by id, a line
/// breakpoint's by place.
fn state_of<'a>(
    bps: &'a mut Breakpoints,
    entry: Option<i64>,
    file: &str,
    line: i64,
) -> Option<&'a mut BpState> {
    match entry {
        Some(id) => bps.entry_mut(id),
        None => bps.get_mut(file, line),
    }
}

/// Stops: tells the client, then serves requests until it resumes. Returns
/// whether the script must unwind.
pub fn stop(
    dbg: &Debugger,
    lua: &Lua,
    l: *mut mlua::ffi::lua_State,
    base: usize,
    reason: Reason,
) -> bool {
    // SAFETY: `l` is paused in the debugger on the VM thread.
    let ctx = Rc::new(unsafe { StopContext::new(l, base, hook::running_threads()) });
    super::resolve_functions(dbg, lua);
    hook::forget_restart(); // a restart that found no pcall
    dbg.step.set(Step::None);
    PAUSE.store(false, Ordering::SeqCst);
    let (name, description, text, ids) = match reason {
        Reason::Entry => ("entry", "Paused on entry", None, None),
        Reason::Step => ("step", "Paused after step", None, None),
        Reason::Pause => ("pause", "Paused", None, None),
        Reason::Breakpoint(id) => ("breakpoint", "Paused on breakpoint", None, Some(vec![id])),
        Reason::FunctionBreakpoint(id) => (
            "function breakpoint",
            "Paused on function breakpoint",
            None,
            Some(vec![id]),
        ),
        Reason::Exception(message) => ("exception", "Paused on error", Some(message), None),
    };
    snapshots::on_stop(dbg, lua, &ctx);
    dbg.client.event(&StoppedEventBody {
        reason: name.into(),
        description: Some(description.into()),
        thread_id: Some(1),
        text,
        all_threads_stopped: Some(true),
        hit_breakpoint_ids: ids,
        ..StoppedEventBody::default()
    });
    let unwind = loop {
        match dbg.commands.recv() {
            Err(_) => break true, // the server is gone
            Ok(Command::Request(request)) => {
                match requests::while_stopped(dbg, lua, &ctx, base, &request) {
                    Flow::Resume => break false,
                    // The hook raises the unwinding error; not a termination.
                    Flow::Restart => return true,
                    Flow::Stay => {}
                }
                if control::unwinding() {
                    break true; // `os.exit` evaluated, or terminated meanwhile
                }
            }
            Ok(Command::Breakpoints { file, specs }) => hook::set_breakpoints(dbg, file, specs),
            Ok(Command::FunctionBreakpoints(specs)) => super::set_functions(dbg, lua, specs),
            Ok(Command::ResolveFunctions) => super::resolve_functions(dbg, lua),
            Ok(Command::Terminate) => break true,
            // The program is stopped: a `pause` has nothing left to stop
            // (it interrupted an evaluation, if one ran).
            Ok(Command::Pause) => PAUSE.store(false, Ordering::SeqCst),
            Ok(Command::Start) => {}
            Ok(Command::Attach(order)) => dbg.client.error(&order.request, "already attached"),
            // The client left an attached host: the host runs on, without
            // the debugger.
            Ok(Command::Detach { done, end_host }) => {
                host_calls::detach(lua, done, end_host);
                break false;
            }
        }
    };
    if unwind {
        TERMINATE.store(true, Ordering::SeqCst);
    }
    unwind
}

/// The message handlers: `uncaught` for the script's main chunk, `caught`
/// for `pcall`/`xpcall` (installed only with the `raised` filter). They
/// record the error, stop if a filter asks for it, and return the error
/// unchanged.
pub fn error_handlers(lua: &Lua) -> mlua::Result<(Function, Function)> {
    let make = |caught: bool| {
        lua.create_function(move |lua, error: Value| Ok(on_error(lua, error, caught)))
    };
    Ok((make(false)?, make(true)?))
}

fn on_error(lua: &Lua, error: Value, caught: bool) -> Value {
    if IN_DEBUGGER.load(Ordering::SeqCst) || control::unwinding() {
        return error;
    }
    if matches!(&error, Value::LightUserData(p) if p.0 == hook::unwind_sentinel()) {
        return error;
    }
    let Some(dbg) = hook::active() else {
        return error;
    };
    // `pcall` installs this handler for `raised` and for the out-of-memory
    // filter: a caught error that neither wants goes on at once.
    if caught && !exception_filters::raised() && !hook::oom::in_flight() {
        return error;
    }
    let message = error_message(lua, &error);
    let traceback = lua
        .traceback(None, 1)
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    *dbg.exception.borrow_mut() = Some(Exception {
        message: message.clone(),
        type_name: error.type_name().to_owned(),
        traceback,
        uncaught: !caught,
    });
    // Out of memory under the limit: conditions and the stop may allocate
    // (frames, variables, evaluations) from the reserve the allocator drew
    // on.
    let out_of_memory = hook::oom::take_raised(&message);
    if out_of_memory {
        dbg.tool.tracker.hold_reserve(true);
    }
    let wanted = dbg.enabled
        && exception_conditions::wanted(&dbg, lua, &error, &message, caught, out_of_memory);
    if wanted {
        IN_DEBUGGER.store(true, Ordering::SeqCst);
        let l = lua.current_thread().state();
        // Show the frame that raised: skip this handler and C functions such
        // as `error` above the first Lua frame.
        let mut base = 1;
        // SAFETY: `l` is paused in this handler on the VM thread.
        while let Some(frame) = unsafe { FrameRef::at(l, base) } {
            if frame.info().what != "C" {
                break;
            }
            base += 1;
        }
        // SAFETY: as above.
        if unsafe { FrameRef::at(l, base) }.is_none() {
            base = 1;
        }
        stop(&dbg, lua, l, base, Reason::Exception(message));
        IN_DEBUGGER.store(false, Ordering::SeqCst);
        // SAFETY: as above; level 1 is the function that raised.
        unsafe { hook::refresh(l, 1) };
    }
    dbg.tool.tracker.hold_reserve(false);
    error
}

/// The text of an error value, as `lua.c` would print it.
pub fn error_message(lua: &Lua, error: &Value) -> String {
    match error {
        Value::String(s) => s.to_string_lossy().to_string(),
        Value::Error(e) => eval::error_text(e),
        Value::Nil => "nil".into(),
        Value::Integer(_) | Value::Number(_) => lua
            .coerce_string(error.clone())
            .ok()
            .flatten()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default(),
        other => {
            let tostring = lua.globals().get::<Function>("tostring").ok();
            let has_tostring = frame_access::metatable(lua, other)
                .and_then(|m| m.raw_get::<Value>("__tostring").ok())
                .is_some_and(|v| !v.is_nil());
            match tostring.filter(|_| has_tostring) {
                Some(f) => {
                    match hook::call_guarded(lua, &f, MultiValue::from_iter([other.clone()])) {
                        Ok(Ok(values)) => match values.front() {
                            Some(Value::String(s)) => s.to_string_lossy().to_string(),
                            _ => "(error object whose __tostring returns no string)".into(),
                        },
                        Ok(Err(Value::String(e))) => format!(
                            "(error object whose __tostring failed: {})",
                            e.to_string_lossy()
                        ),
                        Ok(Err(_)) => "(error object whose __tostring failed)".into(),
                        Err(e) => eval::error_text(&e),
                    }
                }
                None => format!("(error object is a {} value)", other.type_name()),
            }
        }
    }
}
