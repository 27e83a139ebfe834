//! Line breakpoints: how the server describes them and how the VM thread
//! finds them from a hook.
//!
//! The server verifies a breakpoint (moves it to a line with code, parses its
//! hit condition) and sends the VM a [`BpSpec`] per breakpoint; the VM keeps
//! them by file and line, with their hit counts.

use std::collections::{BTreeMap, HashMap};

use super::sources::chunk_path;

/// A verified breakpoint, ready for the VM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BpSpec {
    pub id: i64,
    /// A line that has code.
    pub line: i64,
    pub condition: Option<String>,
    pub hit: Option<HitCondition>,
    pub log_message: Option<String>,
    /// The functions with code on `line`, as (linedefined, lastlinedefined):
    /// only calls of these turn the line hook on.
    pub owners: Vec<(i64, i64)>,
}

/// A function breakpoint as the client set it (a global or dotted name,
/// `Game.update`, `Entity:spawn`), resolved on the VM thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSpec {
    pub id: i64,
    pub name: String,
    pub condition: Option<String>,
    pub hit: Option<HitCondition>,
}

/// `hitCondition`: `5` (the 5th hit), `>=5`, `>5`, `<=5`, `<5`, `==5`, `%3`
/// (every 3rd hit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitCondition {
    Eq(u64),
    Ge(u64),
    Gt(u64),
    Le(u64),
    Lt(u64),
    Every(u64),
}

impl HitCondition {
    pub fn parse(text: &str) -> Result<HitCondition, String> {
        let t = text.trim();
        let (make, rest): (fn(u64) -> HitCondition, &str) = if let Some(r) = t.strip_prefix(">=") {
            (HitCondition::Ge, r)
        } else if let Some(r) = t.strip_prefix("<=") {
            (HitCondition::Le, r)
        } else if let Some(r) = t.strip_prefix("==") {
            (HitCondition::Eq, r)
        } else if let Some(r) = t.strip_prefix('>') {
            (HitCondition::Gt, r)
        } else if let Some(r) = t.strip_prefix('<') {
            (HitCondition::Lt, r)
        } else if let Some(r) = t.strip_prefix('%') {
            (HitCondition::Every, r)
        } else if let Some(r) = t.strip_prefix('=') {
            (HitCondition::Eq, r)
        } else {
            (HitCondition::Eq, t)
        };
        let n: u64 = rest.trim().parse().map_err(|_| {
            format!("invalid hit condition '{text}': expected N, >=N, >N, <=N, <N, ==N or %N")
        })?;
        if matches!(make(0), HitCondition::Every(_)) && n == 0 {
            return Err(format!("invalid hit condition '{text}': %0"));
        }
        Ok(make(n))
    }

    /// Whether the `hits`-th hit (1-based) stops.
    pub fn matches(self, hits: u64) -> bool {
        match self {
            HitCondition::Eq(n) => hits == n,
            HitCondition::Ge(n) => hits >= n,
            HitCondition::Gt(n) => hits > n,
            HitCondition::Le(n) => hits <= n,
            HitCondition::Lt(n) => hits < n,
            HitCondition::Every(n) => hits.is_multiple_of(n),
        }
    }
}

/// A piece of a log message: text, or an expression in `{}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogPart {
    Text(String),
    Expr(String),
}

/// Splits a `logMessage` into text and `{expr}` parts; `{{` and `}}` are
/// literal braces. An unclosed `{` is kept as text.
pub fn parse_log_message(message: &str) -> Vec<LogPart> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut expr = String::new();
                let mut depth = 1;
                for c in chars.by_ref() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                    expr.push(c);
                }
                if depth != 0 {
                    text.push('{');
                    text.push_str(&expr);
                } else {
                    if !text.is_empty() {
                        parts.push(LogPart::Text(std::mem::take(&mut text)));
                    }
                    parts.push(LogPart::Expr(expr));
                }
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        parts.push(LogPart::Text(text));
    }
    parts
}

/// A breakpoint on the VM side.
#[derive(Debug, Clone)]
pub struct BpState {
    pub spec: BpSpec,
    /// Times the condition held (or the line was reached, without one).
    pub hits: u64,
}

/// The VM's breakpoints by file, and the file of each chunk seen.
///
/// Hooks ask on every call and return while breakpoints exist, so the
/// common path neither allocates nor hashes: files are numbered, and a few
/// recently seen chunk names are compared byte for byte.
#[derive(Default)]
pub struct Breakpoints {
    /// By file number.
    files: Vec<FileBreakpoints>,
    /// Normalized path → file number.
    numbers: HashMap<String, usize>,
    /// Chunk source (`@path` as Lua keeps it) → file number (`None` for
    /// chunks that are not files).
    chunks: HashMap<Vec<u8>, Option<usize>>,
    /// Recent lookups: (source bytes, file number).
    recent: [Option<(Vec<u8>, Option<usize>)>; 4],
    next_recent: usize,
    /// Breakpoints in all files.
    count: usize,
    /// Function breakpoints resolved to a definition, by id (their
    /// definitions are in the files' `entries`).
    entries: HashMap<i64, BpState>,
}

/// The breakpoints that concern one function definition.
#[derive(Debug, Default)]
pub struct FunctionBps {
    /// The function's file, if it has breakpoints at all.
    pub file: Option<usize>,
    /// One of its lines has a breakpoint.
    pub owns: bool,
    /// Every breakpoint of the file, as (line, condition).
    pub lines: Vec<(i64, Option<String>)>,
    /// The function breakpoint on calls of this function.
    pub entry: Option<i64>,
}

#[derive(Default)]
struct FileBreakpoints {
    path: String,
    lines: BTreeMap<i64, BpState>,
    /// The functions with a breakpoint, as (linedefined, lastlinedefined).
    functions: Vec<(i64, i64)>,
    /// Function breakpoints: (linedefined, lastlinedefined, id).
    entries: Vec<(i64, i64, i64)>,
}

impl Breakpoints {
    fn number(&mut self, path: &str) -> usize {
        if let Some(&n) = self.numbers.get(path) {
            return n;
        }
        self.files.push(FileBreakpoints {
            path: path.to_owned(),
            ..FileBreakpoints::default()
        });
        self.numbers.insert(path.to_owned(), self.files.len() - 1);
        self.files.len() - 1
    }

    /// Replaces the breakpoints of `file` (a normalized path).
    pub fn set(&mut self, file: String, specs: Vec<BpSpec>) {
        let n = self.number(&file);
        let entry = &mut self.files[n];
        self.count -= entry.lines.len();
        let mut functions: Vec<(i64, i64)> = specs
            .iter()
            .flat_map(|s| s.owners.iter().copied())
            .collect();
        functions.sort_unstable();
        functions.dedup();
        entry.functions = functions;
        entry.lines = specs
            .into_iter()
            .map(|spec| (spec.line, BpState { spec, hits: 0 }))
            .collect();
        self.count += entry.lines.len();
    }

    /// Replaces the function breakpoints: `(file, linedefined,
    /// lastlinedefined, spec)` for each one resolved. Hit counts of the
    /// breakpoints kept are kept.
    pub fn set_entries(&mut self, resolved: Vec<(String, i64, i64, BpSpec)>) {
        for file in &mut self.files {
            file.entries.clear();
        }
        let mut old = std::mem::take(&mut self.entries);
        for (file, first, last, spec) in resolved {
            let n = self.number(&file);
            self.files[n].entries.push((first, last, spec.id));
            let hits = old.remove(&spec.id).map_or(0, |bp| bp.hits);
            self.entries.insert(spec.id, BpState { spec, hits });
        }
    }

    /// The function breakpoint `id`, if resolved.
    pub fn entry_mut(&mut self, id: i64) -> Option<&mut BpState> {
        self.entries.get_mut(&id)
    }

    /// Some function breakpoint is resolved.
    pub fn has_entries(&self) -> bool {
        !self.entries.is_empty()
    }

    /// The path of file number `n`.
    pub fn path(&self, n: usize) -> &str {
        &self.files[n].path
    }

    /// What the hook needs to know of the function of chunk `source` defined
    /// on lines `first..=last`: its file, whether it owns a breakpoint (so
    /// it runs with the line hook), and the breakpoints of its file with
    /// their conditions.
    pub fn describe(&mut self, source: &[u8], first: i64, last: i64) -> FunctionBps {
        let Some(n) = self.file_of(source) else {
            return FunctionBps::default();
        };
        let file = &self.files[n];
        FunctionBps {
            file: Some(n),
            owns: file.functions.contains(&(first, last)),
            lines: file
                .lines
                .iter()
                .map(|(&line, bp)| (line, bp.spec.condition.clone()))
                .collect(),
            entry: file
                .entries
                .iter()
                .find(|&&(f, l, _)| (f, l) == (first, last))
                .map(|&(_, _, id)| id),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0 && self.entries.is_empty()
    }

    /// The number of the file of chunk `source` (`None` for chunks that are
    /// not files).
    pub fn file_number(&mut self, source: &[u8]) -> Option<usize> {
        self.file_of(source)
    }

    pub fn file_has_breakpoints(&self, n: usize) -> bool {
        self.files
            .get(n)
            .is_some_and(|f| !f.lines.is_empty() || !f.entries.is_empty())
    }

    fn file_of(&mut self, source: &[u8]) -> Option<usize> {
        // Chunks from strings are never files; a script may `load` many
        // distinct ones, which must not all be remembered.
        if !source.starts_with(b"@") {
            return None;
        }
        for (bytes, n) in self.recent.iter().flatten() {
            if bytes.as_slice() == source {
                return *n;
            }
        }
        let n = match self.chunks.get(source) {
            Some(n) => *n,
            None => {
                let n = chunk_path(source).map(|path| self.number(&path));
                self.chunks.insert(source.to_vec(), n);
                n
            }
        };
        self.recent[self.next_recent] = Some((source.to_vec(), n));
        self.next_recent = (self.next_recent + 1) % self.recent.len();
        n
    }

    pub fn get_mut(&mut self, file: &str, line: i64) -> Option<&mut BpState> {
        let n = *self.numbers.get(file)?;
        self.files[n].lines.get_mut(&line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hit_conditions() {
        assert_eq!(HitCondition::parse("5"), Ok(HitCondition::Eq(5)));
        assert_eq!(HitCondition::parse(">= 5"), Ok(HitCondition::Ge(5)));
        assert_eq!(HitCondition::parse("%3"), Ok(HitCondition::Every(3)));
        assert!(HitCondition::parse("%0").is_err());
        assert!(HitCondition::parse("x").is_err());
        let every3: Vec<u64> = (1..=9)
            .filter(|&h| HitCondition::Every(3).matches(h))
            .collect();
        assert_eq!(every3, vec![3, 6, 9]);
        assert!(HitCondition::Ge(5).matches(7));
        assert!(!HitCondition::Eq(5).matches(6));
    }

    #[test]
    fn log_messages() {
        assert_eq!(
            parse_log_message("i = {i}, {{literal}} {t.x}"),
            vec![
                LogPart::Text("i = ".into()),
                LogPart::Expr("i".into()),
                LogPart::Text(", {literal} ".into()),
                LogPart::Expr("t.x".into()),
            ]
        );
        assert_eq!(
            parse_log_message("open {x"),
            vec![LogPart::Text("open {x".into())]
        );
    }
}
