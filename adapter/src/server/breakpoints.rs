//! `setBreakpoints` on the server thread: verify each breakpoint against the
//! file's lines with code (a line without code moves to the next one with
//! code), without waiting for the VM, which may be busy running the script.

use std::collections::HashMap;
use std::path::Path;
use std::time::SystemTime;

use dap::types::{Breakpoint, BreakpointReason, SetBreakpointsArguments, Source, SourceBreakpoint};

use mlua::Lua;

use super::lines::ValidLines;
use crate::debugger::breakpoints::{parse_log_message, BpSpec, HitCondition, LogPart};
use crate::debugger::sources::normalize;

/// The verified breakpoints of one file.
pub struct Verified {
    /// Normalized path, as the VM names the file.
    pub file: Option<String>,
    /// One per requested breakpoint, in order (the response).
    pub response: Vec<Breakpoint>,
    /// The breakpoints the VM should stop at.
    pub specs: Vec<BpSpec>,
}

/// A file's lines with code, and the modification time and size they were
/// computed for.
type Cached = (Option<SystemTime>, u64, Result<ValidLines, String>);

/// Valid lines by file, recomputed when the file changes.
#[derive(Default)]
pub struct LineCache(HashMap<String, Cached>);

impl LineCache {
    fn lines(&mut self, path: &Path) -> Result<ValidLines, String> {
        let key = path.to_string_lossy().into_owned();
        let meta = std::fs::metadata(path).ok();
        let stamp = (
            meta.as_ref().and_then(|m| m.modified().ok()),
            meta.as_ref().map_or(0, |m| m.len()),
        );
        if let Some((time, len, lines)) = self.0.get(&key) {
            if (*time, *len) == stamp && stamp.0.is_some() {
                return lines.clone();
            }
        }
        let lines = ValidLines::of_file(path);
        self.0.insert(key, (stamp.0, stamp.1, lines.clone()));
        lines
    }
}

pub fn verify(
    args: &SetBreakpointsArguments,
    next_id: &mut i64,
    cache: &mut LineCache,
) -> Verified {
    let requested: Vec<SourceBreakpoint> = match (&args.breakpoints, &args.lines) {
        (Some(bps), _) => bps.clone(),
        (None, Some(lines)) => lines
            .iter()
            .map(|&line| SourceBreakpoint {
                line,
                ..SourceBreakpoint::default()
            })
            .collect(),
        (None, None) => Vec::new(),
    };
    let Some(path) = args.source.path.as_deref() else {
        let response = requested
            .iter()
            .map(|bp| unverified(next_id, bp.line, None, "breakpoints need a file on disk"))
            .collect();
        return Verified {
            file: None,
            response,
            specs: Vec::new(),
        };
    };
    let source = Source {
        name: args.source.name.clone(),
        path: Some(path.to_owned()),
        ..Source::default()
    };
    let lines = cache.lines(Path::new(path));
    let mut scratch = None;
    let mut response = Vec::new();
    let mut specs = Vec::new();
    for bp in &requested {
        let lines = match &lines {
            Ok(lines) => lines,
            Err(e) => {
                response.push(unverified(next_id, bp.line, Some(&source), e));
                continue;
            }
        };
        let Some(line) = lines.resolve(bp.line.max(1)) else {
            let message = format!("no code at or after line {}", bp.line);
            response.push(unverified(next_id, bp.line, Some(&source), &message));
            continue;
        };
        let hit = match bp.hit_condition.as_deref().filter(|h| !h.trim().is_empty()) {
            Some(text) => match HitCondition::parse(text) {
                Ok(h) => Some(h),
                Err(e) => {
                    response.push(unverified(next_id, bp.line, Some(&source), &e));
                    continue;
                }
            },
            None => None,
        };
        let condition = bp.condition.clone().filter(|c| !c.trim().is_empty());
        let log_message = bp.log_message.clone().filter(|m| !m.is_empty());
        if let Err(e) =
            check_expressions(&mut scratch, condition.as_deref(), log_message.as_deref())
        {
            response.push(unverified(next_id, bp.line, Some(&source), &e));
            continue;
        }
        let id = take(next_id);
        specs.push(BpSpec {
            id,
            line,
            condition,
            hit,
            log_message,
            owners: lines.owners(line),
        });
        response.push(Breakpoint {
            id: Some(id),
            verified: true,
            source: Some(source.clone()),
            line: Some(line),
            ..Breakpoint::default()
        });
    }
    Verified {
        file: Some(normalize(Path::new(path))),
        response,
        specs,
    }
}

/// Compiles a breakpoint's condition and the `{expressions}` of its log
/// message as the VM will run them (`return <code>`), so that a typo is an
/// unverified breakpoint with the compiler's message now, not an error at
/// every hit. The scratch VM is made once per request, when first needed;
/// it never runs the code.
pub(super) fn check_expressions(
    scratch: &mut Option<Lua>,
    condition: Option<&str>,
    log_message: Option<&str>,
) -> Result<(), String> {
    let mut check = |what: &str, code: &str| -> Result<(), String> {
        let lua = scratch.get_or_insert_with(Lua::new);
        lua.load(format!("return {code}"))
            .set_name(format!("={what}"))
            .into_function()
            .map(drop)
            .map_err(|e| match e {
                mlua::Error::SyntaxError { message, .. } => {
                    format!("invalid {what} '{code}': {message}")
                }
                other => format!("invalid {what} '{code}': {other}"),
            })
    };
    if let Some(condition) = condition {
        check("condition", condition)?;
    }
    for part in log_message.map(parse_log_message).unwrap_or_default() {
        if let LogPart::Expr(code) = part {
            check("log message expression", &code)?;
        }
    }
    Ok(())
}

fn take(next_id: &mut i64) -> i64 {
    let id = *next_id;
    *next_id += 1;
    id
}

fn unverified(next_id: &mut i64, line: i64, source: Option<&Source>, message: &str) -> Breakpoint {
    Breakpoint {
        id: Some(take(next_id)),
        verified: false,
        message: Some(message.to_owned()),
        source: source.cloned(),
        line: Some(line),
        reason: Some(BreakpointReason::Failed),
        ..Breakpoint::default()
    }
}
