//! Which lines of a Lua file have code, for verifying breakpoints.
//!
//! The public debug API lists the active lines of one closure
//! (`debug.getinfo(f, "L")`), not of the nested functions that have no
//! closure yet, so a breakpoint inside a function the script has not created
//! could not be verified. Instead the file is compiled in a scratch VM and its
//! binary dump (`string.dump`, format of Lua 5.4) is read: every prototype, at
//! any depth, with its line table. The lines are those `collectvalidlines`
//! of ldebug.c would report for each prototype.
//!
//! Runs on the server thread, independent of the script's VM, so breakpoints
//! can be verified before launch and while the script runs.

use std::collections::BTreeSet;
use std::path::Path;

use mlua::Lua;

use crate::runtime::script::{read_source, skip_shebang};

// LuaJIT's dump is its own format; Lua 5.4's reader below is then unused.
#[cfg(feature = "luajit")]
#[path = "lines_luajit.rs"]
mod luajit;
#[cfg(feature = "luajit")]
use luajit::parse_dump;
// Lua 5.3's and 5.1's dumps: one reader (`lines_classic.rs`).
#[cfg(any(feature = "lua53", feature = "lua51"))]
#[path = "lines_classic.rs"]
mod classic;
#[cfg(any(feature = "lua53", feature = "lua51"))]
use classic::parse_dump;

/// The largest file whose lines are verified: `setBreakpoints` is answered
/// on the server thread, which must stay responsive, and no Lua file a
/// person sets breakpoints in comes near this size.
const MAX_SOURCE_BYTES: u64 = 16 << 20;

/// The lines of a file where a breakpoint can stop, and which functions
/// have code on each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidLines {
    lines: BTreeSet<i64>,
    /// Every prototype: (linedefined, lastlinedefined, its own lines). The
    /// pair is what `lua_getinfo("S")` reports, so the VM can tell from a
    /// call hook whether the called function has a breakpoint of its own.
    protos: Vec<(i64, i64, BTreeSet<i64>)>,
}

impl ValidLines {
    /// Compiles `path` and collects its lines; the error says why it cannot
    /// be compiled (unreadable file, syntax error with its line).
    pub fn of_file(path: &Path) -> Result<ValidLines, String> {
        let mut source = read_source(path, MAX_SOURCE_BYTES)?;
        skip_shebang(&mut source);
        ValidLines::of_source(&source, &format!("@{}", path.display()))
    }

    /// Compiles Lua source text and collects its lines.
    pub fn of_source(source: &[u8], chunk_name: &str) -> Result<ValidLines, String> {
        // A scratch VM: compiling allocates prototypes that must not show up
        // in the script's heap. It never runs the code.
        let lua = Lua::new();
        let function = lua
            .load(source)
            .set_name(chunk_name)
            .into_function()
            .map_err(|e| e.to_string())?;
        let dump = function.dump(false);
        let mut protos = Vec::new();
        parse_dump(&dump, &mut protos).ok_or("cannot read the compiled chunk")?;
        let lines = protos
            .iter()
            .flat_map(|(_, _, l)| l.iter().copied())
            .collect();
        Ok(ValidLines { lines, protos })
    }

    /// The first line at or after `line` that has code.
    pub fn resolve(&self, line: i64) -> Option<i64> {
        self.lines.range(line..).next().copied()
    }

    /// The functions, as (linedefined, lastlinedefined), with code on `line`.
    pub fn owners(&self, line: i64) -> Vec<(i64, i64)> {
        self.protos
            .iter()
            .filter(|(_, _, lines)| lines.contains(&line))
            .map(|(first, last, _)| (*first, *last))
            .collect()
    }

    #[cfg(test)]
    pub fn contains(&self, line: i64) -> bool {
        self.lines.contains(&line)
    }
}

#[cfg(feature = "lua54")]
/// `ABSLINEINFO` of ldebug.h: this instruction's line is in `abslineinfo`.
const ABSLINEINFO: i8 = -0x80;

/// A cursor over a dump (every runtime's reader uses it).
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.pos.checked_add(n)?;
        let slice = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(slice)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }

    /// `dumpSize`: 7 bits per byte, most significant first, the last byte
    /// marked with 0x80.
    #[cfg(feature = "lua54")]
    fn size(&mut self) -> Option<usize> {
        let mut x: usize = 0;
        loop {
            let b = self.byte()?;
            x = x.checked_mul(128)?.checked_add(usize::from(b & 0x7f))?;
            if b & 0x80 != 0 {
                return Some(x);
            }
        }
    }

    #[cfg(feature = "lua54")]
    fn string(&mut self) -> Option<()> {
        let n = self.size()?;
        if n > 0 {
            self.bytes(n - 1)?;
        }
        Some(())
    }
}

/// Every prototype: (linedefined, lastlinedefined, its lines).
type Protos = Vec<(i64, i64, BTreeSet<i64>)>;

#[cfg(feature = "lua54")]
/// Reads a whole dump (ldump.c of Lua 5.4) and lists every prototype.
fn parse_dump(data: &[u8], protos: &mut Protos) -> Option<()> {
    let mut r = Reader { data, pos: 0 };
    if r.bytes(4)? != b"\x1bLua" || r.byte()? != 0x54 || r.byte()? != 0 {
        return None;
    }
    r.bytes(6)?; // LUAC_DATA
    let (instruction, integer, number) = (r.byte()?, r.byte()?, r.byte()?);
    if instruction != 4 {
        return None;
    }
    r.bytes(usize::from(integer) + usize::from(number))?; // LUAC_INT, LUAC_NUM
    r.byte()?; // number of upvalues of the main function
    function(&mut r, integer, number, protos, 0)
}

#[cfg(feature = "lua54")]
fn function(
    r: &mut Reader,
    integer: u8,
    number: u8,
    protos: &mut Protos,
    depth: usize,
) -> Option<()> {
    if depth > 200 {
        return None; // The parser's own limit is lower; this is garbage.
    }
    r.string()?; // source
    let linedefined = r.size()? as i64;
    let lastlinedefined = r.size()? as i64;
    r.byte()?; // numparams
    let is_vararg = r.byte()? != 0;
    r.byte()?; // maxstacksize
    let ncode = r.size()?;
    r.bytes(ncode.checked_mul(4)?)?;
    let nk = r.size()?;
    for _ in 0..nk {
        match r.byte()? {
            0x13 => r.bytes(usize::from(number)).map(drop)?, // LUA_VNUMFLT
            0x03 => r.bytes(usize::from(integer)).map(drop)?, // LUA_VNUMINT
            0x04 | 0x14 => r.string()?,                      // short, long string
            _ => {}                                          // nil, false, true
        }
    }
    let nup = r.size()?;
    r.bytes(nup.checked_mul(3)?)?;
    let nprotos = r.size()?;
    for _ in 0..nprotos {
        function(r, integer, number, protos, depth + 1)?;
    }
    // Debug information.
    let nline = r.size()?;
    let lineinfo: Vec<i8> = r.bytes(nline)?.iter().map(|&b| b as i8).collect();
    let nabs = r.size()?;
    let mut abs = Vec::with_capacity(nabs.min(1 << 16));
    for _ in 0..nabs {
        abs.push((r.size()?, r.size()? as i64));
    }
    let nloc = r.size()?;
    for _ in 0..nloc {
        r.string()?;
        r.size()?;
        r.size()?;
    }
    let nupnames = r.size()?;
    for _ in 0..nupnames {
        r.string()?;
    }
    let mut lines = BTreeSet::new();
    collect(&lineinfo, &abs, linedefined, is_vararg, &mut lines);
    protos.push((linedefined, lastlinedefined, lines));
    Some(())
}

#[cfg(feature = "lua54")]
/// `collectvalidlines` of ldebug.c, over the dumped line table.
fn collect(
    lineinfo: &[i8],
    abs: &[(usize, i64)],
    linedefined: i64,
    is_vararg: bool,
    out: &mut BTreeSet<i64>,
) {
    let line_at = |pc: usize, current: i64| -> i64 {
        if lineinfo[pc] != ABSLINEINFO {
            current + i64::from(lineinfo[pc])
        } else {
            abs.iter()
                .find(|(p, _)| *p == pc)
                .map_or(current, |(_, l)| *l)
        }
    };
    let mut current = linedefined;
    let mut start = 0;
    if is_vararg && !lineinfo.is_empty() {
        // OP_VARARGPREP: its line does not count.
        current = line_at(0, current);
        start = 1;
    }
    for pc in start..lineinfo.len() {
        current = line_at(pc, current);
        out.insert(current);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_functions_and_blank_lines() {
        let src = b"local x = 1\n\n-- comment\nlocal function f()\n  return x\nend\n\nprint(f())\n";
        let lines = ValidLines::of_source(src, "=t").expect("compiles");
        assert!(lines.contains(1));
        assert!(!lines.contains(2));
        // `local function f()` has no code on its line: the closure is made
        // where the body ends.
        assert_eq!(lines.resolve(2), Some(5));
        assert!(lines.contains(5)); // inside a function never called
        assert_eq!(lines.resolve(7), Some(8));
        assert_eq!(lines.resolve(100), None);
        // Line 5 is f's (defined on 4, ending on 6); line 1 the main chunk's.
        assert_eq!(lines.owners(5), vec![(4, 6)]);
        assert_eq!(lines.owners(1), vec![(0, 0)]);
    }

    #[test]
    fn syntax_error_names_the_line() {
        let err = ValidLines::of_source(b"local x = 1\nlocal = 2\n", "@/tmp/x.lua").unwrap_err();
        assert!(err.contains("/tmp/x.lua:2:"), "{err}");
    }

    #[test]
    fn long_functions_use_absolute_line_info() {
        let mut src = String::from("local function f()\n");
        for i in 0..400 {
            src.push_str(&format!("  X = {i}\n"));
            if i % 50 == 0 {
                src.push_str(&"\n".repeat(150));
            }
        }
        src.push_str("end\nreturn f\n");
        let lines = ValidLines::of_source(src.as_bytes(), "=t").expect("compiles");
        // Compare with the VM's own answer for the (single) function.
        // SAFETY: a scratch VM for the test, with the debug library.
        let lua = unsafe { Lua::unsafe_new() };
        let f: mlua::Function = lua.load(&src).call(()).expect("runs");
        let active: mlua::Table = lua
            .load("local f = ... return debug.getinfo(f, 'L').activelines")
            .call(f)
            .expect("activelines");
        for pair in active.pairs::<i64, bool>() {
            let (line, _) = pair.expect("pair");
            assert!(lines.contains(line), "missing line {line}");
        }
    }
}
