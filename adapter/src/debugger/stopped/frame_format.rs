//! `stackTrace`'s `format` (`StackFrameFormat`): the parameters of each
//! Lua frame in its name (names and values by default, types on request,
//! integers in hexadecimal with `hex`), and the line with `line`.

use std::path::Path;

use dap::types::{StackFrameFormat, StackTraceResponseBody};
use mlua::Lua;

use super::frames::StopContext;
use super::values::show;

/// Adds what `format` asks for to the names of `body`'s frames.
pub fn decorate(
    ctx: &StopContext,
    lua: &Lua,
    body: &mut StackTraceResponseBody,
    format: &StackFrameFormat,
    base_dir: &Path,
) {
    let parameters = format.parameters == Some(true);
    let names = format.parameter_names != Some(false);
    let values = format.parameter_values != Some(false);
    let types = format.parameter_types == Some(true);
    for frame in &mut body.stack_frames {
        if frame.source.is_none() {
            continue; // C functions and separators
        }
        if parameters {
            let Some(f) = usize::try_from(frame.id - 1)
                .ok()
                .and_then(|i| ctx.frame(i))
            else {
                continue;
            };
            let count = f.function(lua).map_or(0, |function| {
                crate::debugger::frame_access::param_count(&function)
            });
            let shown: Vec<String> = f
                .locals(lua)
                .into_iter()
                .filter(|l| l.index > 0)
                .take(count)
                .map(|l| {
                    let value = show(lua, &l.value, base_dir);
                    let mut text = Vec::new();
                    if names {
                        text.push(l.name.clone());
                    }
                    if values {
                        text.push(value.value);
                    }
                    let mut text = text.join(" = ");
                    if types {
                        text = format!("{text}: {}", value.type_name);
                    }
                    text
                })
                .collect();
            frame.name = format!("{}({})", frame.name, shown.join(", "));
        }
        if format.line == Some(true) {
            frame.name = format!("{} Line {}", frame.name, frame.line);
        }
    }
}
