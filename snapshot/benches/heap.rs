//! Heap benchmarks: snapshot and diff time as ratios to one full collection
//! of the same heap, and the snapshot's peak extra memory as a ratio to the
//! Lua heap. Run with `cargo bench -p lua-snapshot-engine` (add a filter word
//! to run some: `cargo bench -p lua-snapshot-engine -- list`).
//!
//! Ratios are measured in one process, on one heap, back to back, so the
//! machine's speed cancels out. Each time is the fastest of 5 runs.
//! Each heap is measured in a process of its own, and its snapshots are kept
//! until it is done, so that each one writes fresh memory (see `bench_heap`).

use std::time::Instant;

use mlua::Lua;
use snapshot::{AllocTracker, Exclusions, Snapshot, WalkOptions};

/// Runs of each measurement; the fastest counts.
const RUNS: usize = 5;

/// Seconds `f` took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64())
}

struct Heap {
    name: &'static str,
    build: &'static str,
}

const HEAPS: &[Heap] = &[
    Heap {
        name: "1M tables {i}",
        build: "t = {} for i = 1, 1000000 do t[i] = {i} end",
    },
    // The same tables reached in random order, as after a program has run
    // for a while: neighbours in the walk are no longer neighbours in memory.
    Heap {
        name: "1M tables shuffled",
        build: "t = {} for i = 1, 1000000 do t[i] = {i} end \
                math.randomseed(42) \
                for i = #t, 2, -1 do local j = math.random(i) t[i], t[j] = t[j], t[i] end",
    },
    Heap {
        name: "1M closures",
        build: "t = {} for i = 1, 1000000 do local v = i t[i] = function() return v end end",
    },
    Heap {
        name: "1M-node list",
        build: "for i = 1, 1000000 do list = {next = list} end",
    },
    Heap {
        name: "10M-node list",
        build: "for i = 1, 10000000 do list = {next = list} end",
    },
    Heap {
        name: "10M-entry table",
        build: "t = {} for i = 1, 10000000 do t[i] = i end",
    },
];

/// The fastest of several runs: on a shared machine, other processes can
/// only make a run slower.
fn fastest(v: Vec<f64>) -> f64 {
    v.into_iter().fold(f64::INFINITY, f64::min)
}

/// Peak resident memory since the last reset, in bytes (Linux).
fn peak_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn current_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn take(lua: &Lua) -> Snapshot {
    let exclude = Exclusions::default();
    let opts = WalkOptions::whole_vm(&exclude);
    snapshot::take_from_rust(lua, &opts).expect("snapshot")
}

fn heap_bytes(lua: &Lua) -> f64 {
    lua.load("return collectgarbage('count') * 1024")
        .eval::<f64>()
        .expect("count")
}

/// Median time of one full collection of the heap as it is.
fn full_gc_time(lua: &Lua) -> f64 {
    fastest(
        (0..RUNS)
            .map(|_| timed(|| lua.gc_collect().expect("gc")).1)
            .collect(),
    )
}

fn bench_heap(h: &Heap) {
    let lua = Lua::new();
    lua.load(h.build).exec().expect("build heap");
    lua.gc_collect().expect("gc");
    let gc = full_gc_time(&lua);
    // Every snapshot below is kept until the end, so none reuses memory
    // that an earlier one freed and each pays its page faults, as the first
    // snapshot of a session does. Memory is measured first, before the
    // allocator holds any freed memory.
    let heap = heap_bytes(&lua);
    let before = current_rss().unwrap_or(0);
    reset_peak_rss();
    let first = take(&lua);
    let peak = peak_rss().unwrap_or(0).saturating_sub(before) as f64;
    let objects = first.object_count();
    let mut kept = vec![first];
    let walk = fastest(
        (0..RUNS)
            .map(|_| {
                let (s, secs) = timed(|| take(&lua));
                kept.push(s);
                secs
            })
            .collect(),
    );
    // Dominators of fresh snapshots (each builds them once).
    let doms = fastest(
        kept.iter()
            .skip(1)
            .map(|s| timed(|| std::hint::black_box(s.dominators().retained_size(0))).1)
            .collect(),
    );
    drop(kept);
    println!(
        "{:<18} objects {:>9}  gc {:>7.3}s  snapshot {:>7.3}s  ratio {:>5.2}x  peak extra {:>6.0} MB = {:.2}x heap ({:.0} MB)  dominators {:>7.3}s  ratio {:>5.2}x",
        h.name,
        objects,
        gc,
        walk,
        walk / gc,
        peak / 1e6,
        peak / heap,
        heap / 1e6,
        doms,
        doms / gc
    );
}

/// P3: diff of 1M vs 1.01M objects, with the paths of the top 200.
fn bench_diff() {
    let lua = Lua::new();
    // SAFETY: fresh state, nothing running; restored below before close.
    let tracker = unsafe { AllocTracker::install(lua.state()) };
    lua.load("t = {} for i = 1, 1000000 do t[i] = {i} end")
        .exec()
        .expect("build");
    lua.gc_collect().expect("gc");
    let mut s1 = take(&lua);
    tracker.watch(&mut s1);
    lua.load("u = {} for i = 1, 10000 do u[i] = {i} end")
        .exec()
        .expect("grow");
    lua.gc_collect().expect("gc");
    let mut s2 = take(&lua);
    tracker.watch(&mut s2);
    let gc = full_gc_time(&lua);
    let mut added = 0;
    let d = fastest(
        (0..RUNS)
            .map(|_| {
                timed(|| {
                    let reused = tracker.reused_between(&s1, &s2);
                    let d = snapshot::diff(&s1, &s2, &reused);
                    let reports: Vec<_> = d
                        .added
                        .iter()
                        .take(200)
                        .map(|&id| s2.paths(id, 8))
                        .collect();
                    added = d.added.len();
                    std::hint::black_box(reports);
                })
                .1
            })
            .collect(),
    );
    println!(
        "{:<18} added {:>9}  gc {:>7.3}s  diff     {:>7.3}s  ratio {:>5.2}x",
        "diff 1M vs 1.01M",
        added,
        gc,
        d,
        d / gc
    );
    // SAFETY: same state, nothing running.
    unsafe { tracker.uninstall(lua.state()) };
}

/// Retention paths of every object of a 100k- and a 1M-node list (what a
/// leak report of the list asks), in one process. A path costs its shown
/// steps only, so the time per node should not grow with the list: the
/// ratio of the two times per node is ~1 when linear, 10 when quadratic.
fn bench_paths() {
    let per_node: Vec<f64> = PATH_LISTS.iter().map(|&n| paths_of_list(n)).collect();
    println!(
        "{:<18} time per node, 1M-node list / 100k-node list: {:.2}x",
        "paths",
        per_node[1] / per_node[0]
    );
}

/// Seconds per object to compute the paths of every object of an n-node list.
fn paths_of_list(nodes: usize) -> f64 {
    let lua = Lua::new();
    lua.load(format!("for i = 1, {nodes} do list = {{next = list}} end"))
        .exec()
        .expect("build");
    lua.gc_collect().expect("gc");
    // A fresh snapshot per run: each builds its incoming edges and depths.
    let snaps: Vec<Snapshot> = (0..RUNS).map(|_| take(&lua)).collect();
    let mut bytes = 0;
    let mut objects = 0;
    let t = fastest(
        snaps
            .iter()
            .map(|s| {
                let ids: Vec<_> = s.reported().collect();
                objects = ids.len();
                timed(|| {
                    bytes = 0;
                    for chunk in ids.chunks(10_000) {
                        for p in s.paths_of(chunk, 8) {
                            bytes += p.iter().map(String::len).sum::<usize>();
                        }
                    }
                })
                .1
            })
            .collect(),
    );
    println!(
        "{:<18} objects {:>9}  paths {:>7.3}s  {:.2} us per object  ({} MB of paths)",
        format!("paths {}k list", nodes / 1000),
        objects,
        t,
        t / objects as f64 * 1e6,
        bytes / 1_000_000
    );
    t / objects as f64
}

/// The `.heapsnapshot` export of 1M tables (each `{i}` in one array), to a
/// file, against a full collection of the same heap.
fn bench_export() {
    let lua = Lua::new();
    lua.load("t = {} for i = 1, 1000000 do t[i] = {i} end")
        .exec()
        .expect("build");
    lua.gc_collect().expect("gc");
    let gc = full_gc_time(&lua);
    let snaps: Vec<Snapshot> = (0..RUNS).map(|_| take(&lua)).collect();
    let path = std::env::temp_dir().join(format!(
        "lua-snapshot-bench-{}.heapsnapshot",
        std::process::id()
    ));
    let mut bytes = 0;
    let t = fastest(
        snaps
            .iter()
            .map(|s| {
                timed(|| {
                    let mut f = std::fs::File::create(&path).expect("file");
                    snapshot::heapsnapshot::write(s, &mut f).expect("write");
                    bytes = f.metadata().map(|m| m.len()).unwrap_or(0);
                })
                .1
            })
            .collect(),
    );
    let _ = std::fs::remove_file(&path);
    println!(
        "{:<18} objects {:>9}  gc {:>7.3}s  export   {:>7.3}s  ratio {:>5.2}x  ({} MB file)",
        "heapsnapshot 1M",
        snaps[0].object_count(),
        gc,
        t,
        t / gc,
        bytes / 1_000_000
    );
}

/// Runs one benchmark in this process: `--only=<heap name>`, `--only=diff`,
/// `--only=paths` or `--only=export`.
const ONLY: &str = "--only=";
/// Lists whose every path `bench_paths` asks.
const PATH_LISTS: [usize; 2] = [100_000, 1_000_000];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(only) = args.iter().find_map(|a| a.strip_prefix(ONLY)) {
        match HEAPS.iter().find(|h| h.name == only) {
            Some(h) => bench_heap(h),
            None if only == "paths" => bench_paths(),
            None if only == "export" => bench_export(),
            None => bench_diff(),
        }
        return;
    }
    let filter: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    // Each benchmark runs in a process of its own: memory that an earlier
    // heap freed would otherwise be reused and hide part of the peak.
    let exe = std::env::current_exe().expect("own path");
    let names = HEAPS
        .iter()
        .map(|h| h.name)
        .chain(["diff", "paths", "export"]);
    for name in names.filter(|n| wanted(n)) {
        let status = std::process::Command::new(&exe)
            .arg(format!("{ONLY}{name}"))
            .status()
            .expect("run a benchmark");
        assert!(status.success(), "benchmark {name} failed");
    }
}
