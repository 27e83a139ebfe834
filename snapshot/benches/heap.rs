//! Heap benchmarks: snapshot and diff time as ratios to one full collection
//! of the same heap, and the snapshot's peak extra memory as a ratio to the
//! Lua heap. Run with `cargo bench -p lua-snapshot-engine` (add a filter word
//! to run some: `cargo bench -p lua-snapshot-engine -- list`).
//!
//! Ratios are measured in one process, on one heap, back to back, so the
//! machine's speed cancels out. Each time is the median of 3 runs.

use std::time::Instant;

use mlua::Lua;
use snapshot::{AllocTracker, Exclusions, Roots, Snapshot, WalkOptions};

struct Heap {
    name: &'static str,
    build: &'static str,
}

const HEAPS: &[Heap] = &[
    Heap {
        name: "1M tables {i}",
        build: "t = {} for i = 1, 1000000 do t[i] = {i} end",
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

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
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
    let opts = WalkOptions {
        roots: Roots::Registry { extra: Vec::new() },
        exclude: &exclude,
        base_dir: None,
    };
    snapshot::take_from_rust(lua, &opts).expect("snapshot")
}

fn heap_bytes(lua: &Lua) -> f64 {
    lua.load("return collectgarbage('count') * 1024")
        .eval::<f64>()
        .expect("count")
}

/// Median time of one full collection of the heap as it is.
fn full_gc_time(lua: &Lua) -> f64 {
    median(
        (0..3)
            .map(|_| {
                let t = Instant::now();
                lua.gc_collect().expect("gc");
                t.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

fn bench_heap(h: &Heap) {
    let lua = Lua::new();
    lua.load(h.build).exec().expect("build heap");
    lua.gc_collect().expect("gc");
    let gc = full_gc_time(&lua);
    let walk = median(
        (0..3)
            .map(|_| {
                let t = Instant::now();
                let s = take(&lua);
                let e = t.elapsed().as_secs_f64();
                drop(s);
                e
            })
            .collect(),
    );
    let heap = heap_bytes(&lua);
    let before = current_rss().unwrap_or(0);
    reset_peak_rss();
    let s = take(&lua);
    let peak = peak_rss().unwrap_or(0).saturating_sub(before) as f64;
    println!(
        "{:<18} objects {:>9}  gc {:>7.3}s  snapshot {:>7.3}s  ratio {:>5.2}x  peak extra {:>6.0} MB = {:.2}x heap ({:.0} MB)",
        h.name,
        s.object_count(),
        gc,
        walk,
        walk / gc,
        peak / 1e6,
        peak / heap,
        heap / 1e6
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
    let d = median(
        (0..3)
            .map(|_| {
                let t = Instant::now();
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
                t.elapsed().as_secs_f64()
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

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    for h in HEAPS {
        if wanted(h.name) {
            bench_heap(h);
        }
    }
    if wanted("diff") {
        bench_diff();
    }
}
