//! The requests the VM thread answers: everything that reads or changes the
//! stopped program.

use dap::types::{
    CompletionsArguments, ContinueResponseBody, EvaluateArguments, EvaluateResponseBody,
    ExceptionBreakMode, ExceptionDetails, ExceptionInfoResponseBody, RestartFrameArguments,
    ScopesArguments, ScopesResponseBody, SetExpressionArguments, SetVariableArguments,
    StackTraceArguments, VariablesArguments, VariablesResponseBody,
};
use dap::Request;
use mlua::{Lua, MultiValue};

use super::frames::StopContext;
use super::{eval, variables};
use crate::debugger::hook;
use crate::debugger::state::{Debugger, Step};

/// Forgets `pause` requests made while stopped. Done before the client
/// hears that the program runs again: a `pause` sent after that answer
/// must stop it.
fn resuming() {
    crate::debugger::control::PAUSE.store(false, std::sync::atomic::Ordering::SeqCst);
}

/// What the stop loop does after a request.
pub enum Flow {
    Stay,
    Resume,
    /// Resume by unwinding to the `pcall` that restarts a frame.
    Restart,
}

/// Requests that arrive while the script runs (serviced at a hook).
pub fn while_running(dbg: &Debugger, lua: &Lua, request: &Request) {
    super::values::with_hex(wants_hex(request), || running(dbg, lua, request));
}

/// `format.hex` of the request (`variables`, `evaluate`, `stackTrace`,
/// `setVariable`, `setExpression`).
fn wants_hex(request: &Request) -> bool {
    request.arguments["format"]["hex"].as_bool() == Some(true)
}

fn running(dbg: &Debugger, lua: &Lua, request: &Request) {
    match request.command.as_str() {
        "continue" => dbg.client.ok(
            request,
            ContinueResponseBody {
                all_threads_continued: Some(true),
            },
        ),
        "pause" => dbg.client.ok(request, ()),
        "completions" => match request.args::<CompletionsArguments>() {
            Ok(args) if args.frame_id.is_none() => completions(dbg, lua, None, request, &args),
            Ok(_) => dbg.client.error(
                request,
                "the program is running: pause it to complete in a frame",
            ),
            Err(e) => dbg.client.error(request, e),
        },
        "evaluate" => match request.args::<EvaluateArguments>() {
            Ok(args) if args.frame_id.is_none() => evaluate(dbg, lua, request, &args),
            Ok(_) => dbg.client.error(
                request,
                "the program is running: pause it to evaluate in a frame",
            ),
            Err(e) => dbg.client.error(request, e),
        },
        _ => dbg
            .client
            .error(request, "the program is running: pause it first"),
    }
}

/// Requests that arrive while stopped. `base` is the level of the stopped
/// frame in its thread.
pub fn while_stopped(
    dbg: &Debugger,
    lua: &Lua,
    ctx: &StopContext,
    base: usize,
    request: &Request,
) -> Flow {
    super::values::with_hex(wants_hex(request), || stopped(dbg, lua, ctx, base, request))
}

fn stopped(dbg: &Debugger, lua: &Lua, ctx: &StopContext, base: usize, request: &Request) -> Flow {
    if super::snapshots::handle(dbg, Some(lua), Some(ctx), request) {
        return Flow::Stay;
    }
    let result = match request.command.as_str() {
        "continue" => {
            dbg.step.set(Step::None);
            resuming();
            dbg.client.ok(
                request,
                ContinueResponseBody {
                    all_threads_continued: Some(true),
                },
            );
            return Flow::Resume;
        }
        "restartFrame" => {
            let result = request.args::<RestartFrameArguments>().and_then(|args| {
                super::restart_frame::restart(ctx, lua, frame_index(args.frame_id)?)
            });
            if let Err(e) = result {
                dbg.client.error(request, e);
                return Flow::Stay;
            }
            resuming();
            dbg.client.ok(request, ());
            return Flow::Restart;
        }
        "next" | "stepIn" | "stepOut" => {
            let thread = ctx.top_thread();
            // SAFETY: the top thread is paused in the debugger.
            let depth = unsafe { hook::depth(thread, base) };
            dbg.step.set(match request.command.as_str() {
                "next" => Step::Over { thread, depth },
                "stepOut" => Step::Out { thread, depth },
                _ => Step::In,
            });
            resuming();
            dbg.client.ok(request, ());
            return Flow::Resume;
        }
        "pause" => {
            dbg.client.ok(request, ());
            Ok(())
        }
        "stackTrace" => request.args::<StackTraceArguments>().map(|args| {
            let start = usize::try_from(args.start_frame.unwrap_or(0)).unwrap_or(0);
            let levels = usize::try_from(args.levels.unwrap_or(0)).unwrap_or(0);
            let mut body = ctx.stack_trace(&dbg.sources, &dbg.base_dir, start, levels);
            for frame in &mut body.stack_frames {
                if frame.source.is_some() {
                    let index = usize::try_from(frame.id - 1).unwrap_or(usize::MAX);
                    let can = super::restart_frame::restartable(ctx, lua, index).is_some();
                    frame.can_restart = Some(can);
                }
            }
            if let Some(format) = &args.format {
                super::frame_format::decorate(ctx, lua, &mut body, format, &dbg.base_dir);
            }
            dbg.client.ok(request, body);
        }),
        "scopes" => request.args::<ScopesArguments>().and_then(|args| {
            let index = frame_index(args.frame_id)?;
            let scopes = variables::scopes(ctx, lua, index);
            dbg.client.ok(request, ScopesResponseBody { scopes });
            Ok(())
        }),
        "variables" => request.args::<VariablesArguments>().and_then(|args| {
            let variables = variables::variables(ctx, lua, &args, &dbg.base_dir)?;
            dbg.client.ok(request, VariablesResponseBody { variables });
            Ok(())
        }),
        "setVariable" => request.args::<SetVariableArguments>().and_then(|args| {
            let body = variables::set_variable(
                ctx,
                lua,
                args.variables_reference,
                &args.name,
                &args.value,
                &dbg.base_dir,
            )?;
            dbg.client.ok(request, body);
            Ok(())
        }),
        "evaluate" => request.args::<EvaluateArguments>().and_then(|args| {
            let frame = frame_of(ctx, args.frame_id)?;
            evaluate_in(dbg, lua, ctx, frame.as_deref(), request, &args);
            Ok(())
        }),
        "exceptionInfo" => {
            exception_info(dbg, request);
            Ok(())
        }
        "setExpression" => request.args::<SetExpressionArguments>().and_then(|args| {
            let frame = frame_of(ctx, args.frame_id)?;
            let body = super::set_expression::set_expression(
                ctx,
                lua,
                frame.as_deref(),
                &args.expression,
                &args.value,
                &dbg.base_dir,
            )?;
            dbg.client.ok(request, body);
            Ok(())
        }),
        "completions" => request.args::<CompletionsArguments>().and_then(|args| {
            let frame = frame_of(ctx, args.frame_id)?;
            completions(dbg, lua, frame.as_deref(), request, &args);
            Ok(())
        }),
        other => Err(format!("'{other}' is not supported")),
    };
    if let Err(e) = result {
        dbg.client.error(request, e);
    }
    Flow::Stay
}

/// The frame a request names (`frameId`), or none for the globals.
fn frame_of(
    ctx: &StopContext,
    frame_id: Option<i64>,
) -> Result<Option<std::rc::Rc<crate::debugger::frame_access::FrameRef>>, String> {
    match frame_id {
        Some(id) => Ok(Some(ctx.frame(frame_index(id)?).ok_or("no such frame")?)),
        None => Ok(None),
    }
}

fn frame_index(id: i64) -> Result<usize, String> {
    usize::try_from(id - 1).map_err(|_| format!("invalid frameId {id}"))
}

/// Evaluation in the globals while the script runs (at a hook).
fn evaluate(dbg: &Debugger, lua: &Lua, request: &Request, args: &EvaluateArguments) {
    let repl = args.context.as_deref() == Some("repl");
    match eval::evaluate(lua, None, &args.expression, repl) {
        Ok(values) => {
            let result = values
                .iter()
                .map(|v| super::values::show(lua, v, &dbg.base_dir).value)
                .collect::<Vec<_>>()
                .join(", ");
            dbg.client.ok(
                request,
                EvaluateResponseBody {
                    result,
                    ..EvaluateResponseBody::default()
                },
            );
        }
        Err(e) => dbg.client.error(request, e),
    }
}

fn evaluate_in(
    dbg: &Debugger,
    lua: &Lua,
    ctx: &StopContext,
    frame: Option<&crate::debugger::frame_access::FrameRef>,
    request: &Request,
    args: &EvaluateArguments,
) {
    let repl = args.context.as_deref() == Some("repl");
    let values: MultiValue = match eval::evaluate(lua, frame, &args.expression, repl) {
        Ok(values) => values,
        Err(e) => return dbg.client.error(request, e),
    };
    let mut values = values.into_iter();
    let Some(first) = values.next() else {
        return dbg.client.ok(request, EvaluateResponseBody::default());
    };
    let var = variables::variable(
        ctx,
        lua,
        String::new(),
        first,
        Some(args.expression.clone()),
        &dbg.base_dir,
    );
    let mut result = var.value;
    for more in values {
        result.push_str(", ");
        result.push_str(&super::values::show(lua, &more, &dbg.base_dir).value);
    }
    dbg.client.ok(
        request,
        EvaluateResponseBody {
            result,
            type_: var.type_,
            variables_reference: var.variables_reference,
            indexed_variables: var.indexed_variables,
            ..EvaluateResponseBody::default()
        },
    );
}

fn completions(
    dbg: &Debugger,
    lua: &Lua,
    frame: Option<&crate::debugger::frame_access::FrameRef>,
    request: &Request,
    args: &CompletionsArguments,
) {
    let line = usize::try_from(args.line.unwrap_or(1)).unwrap_or(0);
    let column = usize::try_from(args.column).unwrap_or(0);
    let body = super::completions::complete(lua, frame, &args.text, line, column, &dbg.base_dir);
    dbg.client.ok(request, body);
}

fn exception_info(dbg: &Debugger, request: &Request) {
    let exception = dbg.exception.borrow().clone();
    let Some(e) = exception else {
        return dbg.client.error(request, "no error was raised");
    };
    dbg.client.ok(
        request,
        ExceptionInfoResponseBody {
            exception_id: "error".into(),
            description: Some(e.message.clone()),
            break_mode: if e.uncaught {
                ExceptionBreakMode::Unhandled
            } else {
                ExceptionBreakMode::Always
            },
            details: Some(ExceptionDetails {
                message: Some(e.message),
                type_name: Some(e.type_name),
                stack_trace: Some(e.traceback),
                ..ExceptionDetails::default()
            }),
        },
    );
}
