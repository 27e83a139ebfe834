//! The session's snapshots, by id, within a budget, and the baseline the
//! `snapshotOnStop` diffs start from.
//!
//! Lives on the VM thread: diffs need the VM's allocator tracker to tell a
//! reused address from a surviving object.
//!
//! Why a baseline: a leak that grows by the same amount at every stop looks
//! the same in every diff of neighbouring stops; diffs from one fixed
//! snapshot grow (20, 40, 60...), which is what heap tools show.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::time::Instant;

use dap::types::snapshot::{
    DiffObject, DiffSnapshotsResponseBody, GrownObject, Location, SnapshotSummary,
    TakeSnapshotResponseBody,
};
use snapshot::diagnostics::leaked_closures;
use snapshot::report::{folded_view, growth_report, object_report, set_dominators, ObjectReport};
use snapshot::{AllocTracker, Snapshot};

pub struct Stored {
    pub id: u64,
    pub label: String,
    pub snap: Snapshot,
    pub duration_ms: f64,
    pub stopped_at: Option<Location>,
}

impl Stored {
    pub fn summary(&self) -> SnapshotSummary {
        SnapshotSummary {
            id: self.id,
            label: self.label.clone(),
            object_count: self.snap.object_count() as u64,
            total_size: self.snap.total_size() as u64,
            heap_bytes: self.snap.heap_bytes as u64,
            stopped_at: self.stopped_at.clone(),
            baseline: false,
        }
    }

    pub fn taken(&self) -> TakeSnapshotResponseBody {
        let s = self.summary();
        TakeSnapshotResponseBody {
            id: s.id,
            label: s.label,
            object_count: s.object_count,
            total_size: s.total_size,
            heap_bytes: s.heap_bytes,
            duration_ms: self.duration_ms,
            stopped_at: s.stopped_at,
        }
    }
}

pub struct SnapshotStore {
    next_id: u64,
    /// Oldest first; at most `max` entries.
    entries: VecDeque<Stored>,
    max: usize,
    /// Ids removed by `deleteSnapshot`, to say so when they are asked for.
    deleted: std::collections::HashSet<u64>,
    /// What `snapshotOnStop` diffs against; never dropped by the budget.
    baseline: Option<u64>,
    /// Snapshots taken at each stop location so far, for labels (one entry
    /// per source line, so bounded by the program's size).
    hits: HashMap<(String, i64), u64>,
    /// When the store was created, for labels of snapshots of a running script.
    started: Instant,
}

impl SnapshotStore {
    /// A store that keeps the `max` most recent snapshots (at least 1).
    pub fn new(max: usize) -> Self {
        SnapshotStore {
            next_id: 1,
            entries: VecDeque::new(),
            max: max.max(1),
            deleted: Default::default(),
            baseline: None,
            hits: HashMap::new(),
            started: Instant::now(),
        }
    }

    /// Adds a snapshot, dropping the oldest beyond the budget.
    pub fn add(
        &mut self,
        label: Option<String>,
        snap: Snapshot,
        duration_ms: f64,
        stopped_at: Option<Location>,
    ) -> &Stored {
        let id = self.next_id;
        self.next_id += 1;
        let label = label.unwrap_or_else(|| self.default_label(stopped_at.as_ref()));
        self.entries.push_back(Stored {
            id,
            label,
            snap,
            duration_ms,
            stopped_at,
        });
        while self.entries.len() > self.max {
            // The oldest that is neither the baseline nor the one just
            // added: with a budget of 1 the store holds those two.
            let last = self.entries.len() - 1;
            match self
                .entries
                .iter()
                .take(last)
                .position(|s| Some(s.id) != self.baseline)
            {
                Some(i) => drop(self.entries.remove(i)),
                None => break,
            }
        }
        self.entries.back().expect("just pushed")
    }

    /// `bus.lua:16 · hit 3` at a stop (the third snapshot taken there), or
    /// `running · 2.5 s` (since the session started) for a running script.
    /// No `#id`: clients show the id next to the label.
    fn default_label(&mut self, stopped_at: Option<&Location>) -> String {
        match stopped_at {
            Some(at) => {
                let hit = self.hits.entry((at.path.clone(), at.line)).or_insert(0);
                *hit += 1;
                let file = Path::new(&at.path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| at.path.clone());
                format!("{file}:{} · hit {hit}", at.line)
            }
            None => format!("running · {:.1} s", self.started.elapsed().as_secs_f64()),
        }
    }

    /// The snapshot `snapshotOnStop` diffs against, if any.
    pub fn baseline(&self) -> Option<u64> {
        self.baseline
    }

    /// Makes `id` the baseline (it must be kept).
    pub fn set_baseline(&mut self, id: u64) -> Result<(), String> {
        self.get(id)?;
        self.baseline = Some(id);
        Ok(())
    }

    pub fn list(&self) -> Vec<SnapshotSummary> {
        self.entries.iter().map(|s| self.summary(s)).collect()
    }

    /// The summary of a stored snapshot, with its baseline mark.
    pub fn summary(&self, stored: &Stored) -> SnapshotSummary {
        SnapshotSummary {
            baseline: self.baseline == Some(stored.id),
            ..stored.summary()
        }
    }

    pub fn get(&self, id: u64) -> Result<&Stored, String> {
        self.entries.iter().find(|s| s.id == id).ok_or_else(|| {
            let known: Vec<String> = self.entries.iter().map(|s| s.id.to_string()).collect();
            if self.deleted.contains(&id) {
                format!("snapshot {id} was deleted; known ids: {}", known.join(", "))
            } else if id > 0 && id < self.next_id {
                format!(
                    "snapshot {id} was dropped (only the last {} and the baseline are kept; set maxSnapshots to keep more); known ids: {}",
                    self.max,
                    known.join(", ")
                )
            } else if known.is_empty() {
                format!("no snapshot with id {id}: none taken yet (send takeSnapshot first)")
            } else {
                format!("no snapshot with id {id}; known ids: {}", known.join(", "))
            }
        })
    }

    pub fn delete(&mut self, id: u64) -> Result<(), String> {
        self.get(id)?;
        self.entries.retain(|s| s.id != id);
        self.deleted.insert(id);
        if self.baseline == Some(id) {
            // The next stop of `snapshotOnStop` becomes the baseline.
            self.baseline = None;
        }
        Ok(())
    }

    /// The `diffSnapshots` body for two stored snapshots (`vm`: see
    /// [`diff_body`]).
    pub fn diff(
        &self,
        tracker: &AllocTracker,
        from: u64,
        to: u64,
        limit: usize,
        base_dir: Option<&Path>,
        vm: Vm,
    ) -> Result<DiffSnapshotsResponseBody, String> {
        if from >= to {
            return Err(format!(
                "'from' must be an older snapshot than 'to' (got from={from}, to={to})"
            ));
        }
        let older = self.get(from)?;
        let newer = self.get(to)?;
        Ok(diff_body(tracker, older, newer, limit, base_dir, vm))
    }
}

/// Whether the VM the snapshots were taken from can still be read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Vm {
    /// Open, on this thread, no Lua running: the text of new strings that
    /// are still alive is read from it.
    Paused,
    /// Closed (the script ended): only what the snapshots copied.
    Closed,
}

/// Bytes of a string's text shown with it.
const STRING_TEXT_MAX: usize = 120;

/// The body of a diff between two stored snapshots (also the `snapshotDiff`
/// event of breakpoint-time diffs).
pub fn diff_body(
    tracker: &AllocTracker,
    older: &Stored,
    newer: &Stored,
    limit: usize,
    base_dir: Option<&Path>,
    vm: Vm,
) -> DiffSnapshotsResponseBody {
    let reused = tracker.reused_between(&older.snap, &newer.snap);
    let freed = (vm == Vm::Paused).then(|| tracker.freed_since(&newer.snap));
    let d = snapshot::diff(&older.snap, &newer.snap, &reused);
    let (listed, top_count) = folded_view(&newer.snap, &d.added, limit);
    let mut reports: Vec<_> = listed
        .iter()
        .map(|&id| object_report(&newer.snap, id, base_dir))
        .collect();
    set_dominators(&newer.snap, &d.added, &listed, &mut reports);
    let diagnostics = leaked_closures(&newer.snap, &d, base_dir)
        .into_iter()
        .filter_map(|p| serde_json::to_value(p).ok())
        .collect();
    DiffSnapshotsResponseBody {
        from: older.id,
        to: newer.id,
        added_count: d.added.len() as u64,
        added_size: d.added_size as u64,
        top_count: top_count as u64,
        added: listed
            .iter()
            .zip(reports)
            .map(|(&id, report)| {
                let mut object = diff_object(report);
                // SAFETY: `Vm::Paused` is the caller's word that the VM is
                // open on this thread with no Lua running; `freed` was read
                // from its tracker just above.
                object.text = freed.as_ref().and_then(|freed| unsafe {
                    snapshot::live::string_text(&newer.snap, id, freed, STRING_TEXT_MAX)
                });
                object
            })
            .collect(),
        removed_count: d.removed.len() as u64,
        removed_size: d.removed_size as u64,
        grown: d
            .grown
            .iter()
            .take(limit)
            .map(|g| {
                let r = growth_report(&newer.snap, g);
                GrownObject {
                    address: r.address,
                    path: r.path,
                    before: r.before as u64,
                    after: r.after as u64,
                }
            })
            .collect(),
        diagnostics,
    }
}

pub fn diff_object(r: ObjectReport) -> DiffObject {
    DiffObject {
        address: r.address,
        type_: r.kind.to_string(),
        size: r.size as u64,
        source: r.source,
        location: r.location.map(|l| Location {
            path: l.path,
            line: l.line,
        }),
        paths: r.paths,
        retained_size: r.retained_size,
        retained_count: r.retained_count,
        class: r.class,
        dominator: r.dominator,
        text: None,
    }
}
