//! Shared by the end-to-end tests: runs the real `lua-snapshot` binary over
//! real stdio on the fixtures of `run/lua/`, parses its reports, and
//! computes object sizes from the formulas of `docs/REPORTS.md`.
//!
//! Every test crate includes this module but uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;

pub use crate::modules::game::GameLua;

/// The path of every object reached through a global.
pub const G: &str = "Root->(T)[registry]->(T)_G";

/// The folder of the Lua fixtures; also the working directory of every run.
pub fn fixtures() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/run/lua");
    dir.canonicalize()
        .unwrap_or_else(|e| panic!("fixtures folder {}: {e}", dir.display()))
}

/// Absolute path of a fixture, as the tool shows it in `location.path`.
pub fn fixture(name: &str) -> String {
    fixtures().join(name).to_string_lossy().into_owned()
}

/// A fixture's path as Lua shows it in error messages and tracebacks
/// (`short_src`: the last 56 bytes after `...` when the path is long).
pub fn short_src(name: &str) -> String {
    snapshot::chunkid::short_source(format!("@{}", fixture(name)).as_bytes(), None)
}

/// The outcome of one run of the binary.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with both streams unless the run exited with status 0 and
    /// wrote nothing on stderr.
    pub fn assert_clean(&self) -> &Self {
        assert_eq!(
            (self.code, self.stderr.as_str()),
            (Some(0), ""),
            "run failed; stdout:\n{}",
            self.stdout
        );
        self
    }

    /// Checks a failed run: exit `code`, no panic, and `stderr` containing
    /// every one of `needles`.
    pub fn assert_failure(&self, code: i32, needles: &[&str]) {
        assert_eq!(self.code, Some(code), "stderr:\n{}", self.stderr);
        assert!(
            !self.stderr.contains("panicked"),
            "the tool panicked:\n{}",
            self.stderr
        );
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr lacks {n:?}:\n{}",
                self.stderr
            );
        }
    }
}

/// Runs `lua-snapshot ARGS...` in the fixtures folder.
pub fn run(args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(crate::runtime::binary())
        .args(args)
        .current_dir(fixtures())
        .output()
        .expect("cannot start lua-snapshot");
    Run {
        code: status.code(),
        stdout: String::from_utf8(stdout).expect("stdout is not UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is not UTF-8"),
    }
}

/// Where a script runs with the tool's Lua libraries: the scenarios of the
/// libraries hold in both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// Preloaded in `lua-snapshot run`.
    Run,
    /// Debian's interpreter of the runtime (`lua5.4`, `luajit`), loading
    /// the built modules through `LUA_CPATH`.
    Interpreter,
    /// The game-like C host of `tests/host/`, loading the built modules.
    Game(GameLua),
}

impl Host {
    /// The tag of the main thread whose frames are `frames`: under `lua5.4`
    /// the interpreter's C function `pmain` is the bottom frame.
    pub fn main_thread(self, frames: &str) -> String {
        match self {
            Host::Run => format!("(S@{frames})"),
            Host::Interpreter => format!("(S@{frames} [C])"),
            Host::Game(_) => format!("(S@{frames})"),
        }
    }

    /// Stack slot `n` of the main thread under `lua-snapshot run`, as this
    /// host numbers it: `lua5.4` has `pmain` and its two arguments below
    /// the main chunk, `lua-snapshot run` one slot more than the game host.
    pub fn slot(self, n: usize) -> usize {
        match self {
            Host::Run => n,
            Host::Interpreter => n + 3,
            Host::Game(_) => n - 1,
        }
    }
}

/// Runs `script` (a path relative to `dir`, also the working directory)
/// with `args` in `host`; the chunk is named by its absolute path in both.
pub fn run_script_in(host: Host, dir: &Path, script: &str, args: &[&str]) -> Run {
    let mut cmd = match host {
        Host::Run => {
            let mut c = Command::new(crate::runtime::binary());
            c.arg("run").arg(script);
            c
        }
        Host::Interpreter => {
            let modules = crate::modules::built::modules();
            let mut c = Command::new(crate::runtime::interpreter());
            c.arg(dir.join(script))
                .env("LUA_CPATH", modules.join("?.so"));
            c
        }
        Host::Game(lua) => {
            let mut c = Command::new(crate::modules::game::build(lua));
            c.arg(crate::modules::built::modules())
                .arg(dir.join(script));
            c
        }
    };
    let Output {
        status,
        stdout,
        stderr,
    } = cmd
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot start {host:?}: {e}"));
    let mut stdout = String::from_utf8(stdout).expect("stdout is not UTF-8");
    if let Host::Game(_) = host {
        stdout = crate::modules::game::script_output(&stdout);
    }
    Run {
        code: status.code(),
        stdout,
        stderr: String::from_utf8(stderr).expect("stderr is not UTF-8"),
    }
}

/// [`run_script_in`] for a fixture of `run/lua/`.
pub fn run_script(host: Host, fixture: &str, args: &[&str]) -> Run {
    run_script_in(host, &fixtures(), fixture, args)
}

/// `lua-snapshot run --leaks --json EXTRA... FIXTURE`: the parsed report and
/// the script's own output (which `--json` sends to stderr). Panics unless
/// the run succeeds.
pub fn leaks(fixture: &str, extra: &[&str]) -> (LeakReport, String) {
    let mut args = vec!["run", "--leaks", "--json"];
    args.extend_from_slice(extra);
    args.push(fixture);
    let r = run(&args);
    assert_eq!(r.code, Some(0), "stderr:\n{}", r.stderr);
    assert!(
        r.stdout.ends_with('\n') && r.stdout.trim_end().lines().count() == 1,
        "--json prints one JSON document on one line, got:\n{}",
        r.stdout
    );
    let report: LeakReport = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("bad report ({e}):\n{}", r.stdout));
    assert_largest_first(report.objects.iter().map(|o| o.size));
    (report, r.stderr)
}

/// Objects are listed largest first.
pub fn assert_largest_first(sizes: impl Iterator<Item = usize>) {
    let sizes: Vec<usize> = sizes.collect();
    assert!(
        sizes.windows(2).all(|w| w[0] >= w[1]),
        "not largest first: {sizes:?}"
    );
}

/// A fresh directory for a script's output files, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("lua-snapshot-e2e-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("cannot create a temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &str {
        self.0.to_str().expect("temp dir path is not UTF-8")
    }

    pub fn read(&self, file: &str) -> String {
        let p = self.0.join(file);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// A listing written by `to_jsonfile`/`to_jsonfilefmt`.
    pub fn listing(&self, file: &str) -> Listing {
        let text = self.read(file);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} ({e}):\n{text}"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `FIXTURE OUT_DIR` in `host`, for fixtures that write their snapshots
/// into `OUT_DIR` (their `arg[1]`). Panics unless the run is clean.
pub fn run_api(host: Host, fixture: &str, out: &TempDir) -> Run {
    let r = run_script(host, fixture, &[out.path()]);
    r.assert_clean();
    r
}

// ------------------------------------------------------------ report shapes

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub path: String,
    pub line: i64,
}

/// One object of `run --leaks --json`.
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Object {
    pub address: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub size: usize,
    pub source: Option<String>,
    pub location: Option<Location>,
    pub paths: Vec<String>,
    pub retained_size: usize,
    pub retained_count: usize,
    pub class: String,
    pub dominator: Option<String>,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Growth {
    pub address: String,
    pub path: String,
    pub before: u32,
    pub after: u32,
}

/// The document of `run --leaks --json`.
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LeakReport {
    pub count: usize,
    pub total_size: usize,
    pub objects: Vec<Object>,
    pub grown: Vec<Growth>,
    pub classes: Vec<ClassRow>,
}

/// One class of `run --leaks --json`'s `classes`: the final snapshot's
/// objects of the class, compared with the snapshot before the script.
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClassRow {
    pub class: String,
    pub count: u64,
    pub size: u64,
    pub retained_size: u64,
    pub count_delta: i64,
    pub size_delta: i64,
    pub new_count: u64,
    pub new_size: u64,
    pub freed_count: u64,
    pub freed_size: u64,
}

/// One item of a `snapshot` module listing (`to_jsonfile`, `print_json`).
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub address: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub size: usize,
    pub source: Option<String>,
    pub location: Option<Location>,
    pub paths: Vec<String>,
    pub retained_size: usize,
    pub retained_count: usize,
    pub class: String,
    pub dominator: Option<String>,
    pub refs: usize,
    /// Entry-count change of a table in an `incr`/`decr` result.
    pub growth: Option<i64>,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    pub kind: String,
    pub count: usize,
    pub total_size: usize,
    pub objects: Vec<Item>,
}

impl Listing {
    /// The objects (not the growth entries).
    pub fn objects(&self) -> Vec<&Item> {
        self.objects.iter().filter(|o| o.growth.is_none()).collect()
    }

    pub fn growths(&self) -> Vec<&Item> {
        self.objects.iter().filter(|o| o.growth.is_some()).collect()
    }

    pub fn by_address(&self, address: &str) -> Option<&Item> {
        self.objects.iter().find(|o| o.address == address)
    }
}

/// What a test expects of one object: type, size and every path, in order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expect {
    pub paths: Vec<String>,
    pub kind: String,
    pub size: usize,
}

pub fn expect(kind: &str, size: usize, paths: &[&str]) -> Expect {
    Expect {
        paths: paths.iter().map(|p| p.to_string()).collect(),
        kind: kind.to_string(),
        size,
    }
}

/// Asserts that the reported objects are exactly `expected` (in any order).
pub fn assert_objects<'a, I>(actual: I, mut expected: Vec<Expect>)
where
    I: IntoIterator<Item = (&'a str, usize, &'a [String])>,
{
    let mut actual: Vec<Expect> = actual
        .into_iter()
        .map(|(kind, size, paths)| Expect {
            paths: paths.to_vec(),
            kind: kind.to_string(),
            size,
        })
        .collect();
    actual.sort();
    expected.sort();
    assert_eq!(actual, expected);
}

pub fn report_objects(r: &LeakReport) -> Vec<(&str, usize, &[String])> {
    r.objects
        .iter()
        .map(|o| (o.kind.as_str(), o.size, o.paths.as_slice()))
        .collect()
}

pub fn listing_objects<'a>(items: &[&'a Item]) -> Vec<(&'a str, usize, &'a [String])> {
    items
        .iter()
        .map(|o| (o.kind.as_str(), o.size, o.paths.as_slice()))
        .collect()
}

/// The only growth entry of a `--leaks` report: `_G`, which gained `added`
/// globals.
pub fn assert_globals_grew(r: &LeakReport, added: u32) {
    assert_eq!(r.grown.len(), 1, "{:?}", r.grown);
    let g = &r.grown[0];
    assert_eq!(g.path, G);
    assert_eq!(g.after, g.before + added, "{g:?}");
}

/// An address a script printed with `string.format("%p")`: reports write
/// it the same way, LuaJIT's zero padding included.
pub fn address(printed: &str) -> String {
    let printed = printed.trim();
    assert!(
        printed.starts_with("0x") && usize::from_str_radix(&printed[2..], 16).is_ok(),
        "not an address: {printed:?}"
    );
    printed.to_string()
}

/// Replaces every `0x` hexadecimal address with `0x…`.
pub fn mask_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("0x") {
        out.push_str(&rest[..at]);
        let hex = rest[at + 2..]
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(rest.len() - at - 2);
        if hex == 0 {
            out.push_str("0x");
        } else {
            out.push_str("0x…");
        }
        rest = &rest[at + 2 + hex..];
    }
    out.push_str(rest);
    out
}

// --------------------------------------------------- sizes (docs/REPORTS.md)

/// `lua54` on Lua 5.4, `luajit` on LuaJIT: for what the two VMs do
/// differently (how they size a table, number stack slots, name frames).
pub fn per_runtime<T>(lua54: T, luajit: T) -> T {
    if crate::runtime::luajit() {
        luajit
    } else {
        lua54
    }
}

/// A table with `array` array slots and `nodes` hash nodes (on LuaJIT
/// slot 0 is one of the array slots).
pub fn table_size(array: usize, nodes: usize) -> usize {
    per_runtime(56 + 16 * array, 64 + 8 * array) + 24 * nodes
}

/// The array slots of a table constructor with `n` constant positional
/// items (`{1, 2, 3}`): `n` on Lua 5.4; on LuaJIT slot 0 too, and the
/// constructor copies a template table that grew while it was filled
/// (slots 0..2^k for more than two items).
pub fn array_slots(n: usize) -> usize {
    match n {
        _ if !crate::runtime::luajit() => n,
        0 => 0,
        1 | 2 => n + 1,
        _ => n.next_power_of_two() + 1,
    }
}

/// A table whose array grew out of the table's own block: `array` slots,
/// and on LuaJIT the `colocated` slots the constructor had put in the
/// table's block (`colo`), which stay allocated with it.
pub fn grown_table(array: usize, colocated: usize) -> usize {
    table_size(array, 0) + per_runtime(0, 8 * colocated)
}

/// The hash nodes of a table constructor with `n` named fields
/// (`{x = 1}`): `n` rounded up to a power of two, at least 2 on LuaJIT
/// (`hsize2hbit` of lj_parse.c).
pub fn constructor_nodes(n: usize) -> usize {
    if crate::runtime::luajit() && n > 0 {
        n.next_power_of_two().max(2)
    } else {
        n
    }
}

/// The upvalue a function has for reading globals: Lua 5.4's `_ENV`
/// (LuaJIT reads them from the function's environment, not an upvalue).
pub fn env_upvalue() -> usize {
    per_runtime(1, 0)
}

/// An upvalue cell (`UpVal`, LuaJIT's `GCupval`), open or closed.
pub fn upvalue_cell() -> usize {
    per_runtime(40, 48)
}

/// A Lua closure with `upvalues` upvalues.
pub fn lua_function_size(upvalues: usize) -> usize {
    per_runtime(32, 40) + 8 * upvalues
}

pub fn string_size(len: usize) -> usize {
    24 + len + 1
}

/// A full userdata of `len` bytes with `user_values` user values (LuaJIT's
/// have none).
pub fn userdata_size(len: usize, user_values: usize) -> usize {
    if crate::runtime::luajit() {
        48 + len
    } else if user_values == 0 {
        32 + len
    } else {
        40 + 16 * user_values + len
    }
}

/// A thread with `stack` stack slots and `call_infos` call-info records
/// (LuaJIT has none: its frames are on the stack).
pub fn thread_size(stack: usize, call_infos: usize) -> usize {
    if crate::runtime::luajit() {
        96 + 8 * stack
    } else {
        208 + 16 * (stack + 5) + 64 * call_infos
    }
}

/// The stack a new coroutine gets: Lua 5.4's `BASIC_STACK_SIZE` (2 ×
/// `LUA_MINSTACK`, plus 5 extra slots `thread_size` adds), LuaJIT's
/// `LJ_STACK_START` + `LJ_STACK_EXTRA` (40 + 8 slots).
pub fn coroutine_stack() -> usize {
    per_runtime(40, 48)
}

/// The main thread as a path starts: held by the registry on Lua 5.4, a
/// root of its own on LuaJIT. `tag` is its `(S@…)` tag.
pub fn main_thread_path(tag: &str) -> String {
    per_runtime(
        format!("Root->(T)[registry]->{tag}[1]"),
        format!("Root->{tag}[main thread]"),
    )
}
