//! `snapshotSummary`: a stored snapshot's objects per class, compared with
//! an older one when asked.

use dap::types::snapshot::{ClassSummary, SnapshotSummaryResponseBody};
use snapshot::classes::{class_rows, ClassRow};
use snapshot::AllocTracker;

use super::store::SnapshotStore;

impl SnapshotStore {
    pub fn class_summary(
        &self,
        tracker: &AllocTracker,
        id: u64,
        baseline: Option<u64>,
    ) -> Result<SnapshotSummaryResponseBody, String> {
        let newer = self.get(id)?;
        let rows = match baseline {
            None => class_rows(&newer.snap, None),
            Some(b) if b >= id => {
                return Err(format!(
                    "'baseline' must be an older snapshot than 'snapshot' (got baseline={b}, snapshot={id})"
                ))
            }
            Some(b) => {
                let older = self.get(b)?;
                let reused = tracker.reused_between(&older.snap, &newer.snap);
                let d = snapshot::diff(&older.snap, &newer.snap, &reused);
                class_rows(&newer.snap, Some((&older.snap, &d)))
            }
        };
        Ok(SnapshotSummaryResponseBody {
            snapshot: id,
            baseline,
            classes: rows.into_iter().map(class_summary).collect(),
        })
    }
}

fn class_summary(r: ClassRow) -> ClassSummary {
    ClassSummary {
        class: r.class,
        count: r.count,
        size: r.size,
        retained_size: r.retained_size,
        count_delta: r.count_delta,
        size_delta: r.size_delta,
        new_count: r.new_count,
        new_size: r.new_size,
        freed_count: r.freed_count,
        freed_size: r.freed_size,
    }
}
