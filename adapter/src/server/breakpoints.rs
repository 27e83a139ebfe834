//! `setBreakpoints` on the server thread: verify each breakpoint against the
//! file's lines with code (a line without code moves to the next one with
//! code), without waiting for the VM, which may be busy running the script.

use std::collections::HashMap;
use std::path::Path;
use std::time::SystemTime;

use dap::types::{Breakpoint, BreakpointReason, SetBreakpointsArguments, Source, SourceBreakpoint};

use super::lines::ValidLines;
use crate::debugger::breakpoints::{BpSpec, HitCondition};
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
        let id = take(next_id);
        specs.push(BpSpec {
            id,
            line,
            condition: bp.condition.clone().filter(|c| !c.trim().is_empty()),
            hit,
            log_message: bp.log_message.clone().filter(|m| !m.is_empty()),
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
