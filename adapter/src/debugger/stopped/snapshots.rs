//! The snapshot requests on the VM thread: `takeSnapshot`, `listSnapshots`,
//! `deleteSnapshot`, `diffSnapshots`, `exportSnapshot`, `setBaseline`,
//! `snapshotSummary`, and
//! the breakpoint-time diffs of `snapshotOnStop`.
//!
//! They run where every VM request runs: in the stop loop, or at the next
//! hook point while the script runs (then without a `stopped` event), and,
//! after the script ended, in [`serve_ended`] until the session lets the VM
//! thread go: the snapshots outlive the script, so an editor can still
//! diff and export them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use dap::types::snapshot::{
    DeleteSnapshotArguments, DiffSnapshotsArguments, ExportSnapshotArguments,
    ExportSnapshotResponseBody, ListSnapshotsResponseBody, Location, SetBaselineArguments,
    SnapshotSummaryArguments, TakeSnapshotArguments, TakeSnapshotResponseBody, DELETE_SNAPSHOT,
    DIFF_SNAPSHOTS, EXPORT_SNAPSHOT, LIST_SNAPSHOTS, SET_BASELINE, SNAPSHOT_DIFF_EVENT,
    SNAPSHOT_SUMMARY, SNAPSHOT_TAKEN_EVENT, TAKE_SNAPSHOT,
};
use dap::types::{ProgressEndEventBody, ProgressStartEventBody, ProgressUpdateEventBody};
use dap::{Event, Request};
use mlua::Lua;
use snapshot::WalkProgress;

use super::frames::StopContext;
use crate::debugger::cancel;
use crate::debugger::command::Command;
use crate::debugger::state::Debugger;
use crate::snapshots::export::export;
use crate::snapshots::store::{diff_body, Vm};

/// Heaps from this size on get progress events (when the client wants them).
const PROGRESS_FROM_BYTES: usize = 16 << 20;

/// Answers `request` if it is a snapshot request; false otherwise. `lua`
/// is `None` once the script has ended (no heap left to snapshot).
pub fn handle(
    dbg: &Debugger,
    lua: Option<&Lua>,
    ctx: Option<&StopContext>,
    request: &Request,
) -> bool {
    let result = match request.command.as_str() {
        TAKE_SNAPSHOT => request
            .args::<TakeSnapshotArguments>()
            .and_then(|args| {
                let lua = lua.ok_or(
                    "the program has ended: its snapshots can still be listed, diffed and exported",
                )?;
                take(dbg, lua, ctx, args.label, args.gc, Some(request.seq))
            })
            .map(|body| dbg.client.ok(request, body)),
        LIST_SNAPSHOTS => {
            let snapshots = dbg.snapshots.borrow().list();
            dbg.client
                .ok(request, ListSnapshotsResponseBody { snapshots });
            Ok(())
        }
        SET_BASELINE => request
            .args::<SetBaselineArguments>()
            .and_then(|args| dbg.snapshots.borrow_mut().set_baseline(args.id))
            .map(|()| dbg.client.ok(request, ())),
        DELETE_SNAPSHOT => request
            .args::<DeleteSnapshotArguments>()
            .and_then(|args| dbg.snapshots.borrow_mut().delete(args.id))
            .map(|()| dbg.client.ok(request, ())),
        DIFF_SNAPSHOTS => request.args::<DiffSnapshotsArguments>().and_then(|args| {
            let limit = usize::try_from(args.limit).unwrap_or(usize::MAX);
            let vm = if lua.is_some() {
                Vm::Paused
            } else {
                Vm::Closed
            };
            let body = dbg.snapshots.borrow().diff(
                &dbg.tool.tracker,
                args.from,
                args.to,
                limit,
                Some(&dbg.base_dir),
                vm,
            )?;
            dbg.client.ok(request, body);
            Ok(())
        }),
        SNAPSHOT_SUMMARY => request
            .args::<SnapshotSummaryArguments>()
            .and_then(|args| {
                dbg.snapshots.borrow().class_summary(
                    &dbg.tool.tracker,
                    args.snapshot,
                    args.baseline,
                )
            })
            .map(|body| dbg.client.ok(request, body)),
        EXPORT_SNAPSHOT => request.args::<ExportSnapshotArguments>().and_then(|args| {
            let store = dbg.snapshots.borrow();
            let written = export(store.get(args.id)?, &args.path, args.format, &dbg.base_dir)?;
            dbg.client.ok(
                request,
                ExportSnapshotResponseBody {
                    path: written.to_string_lossy().into_owned(),
                },
            );
            Ok(())
        }),
        _ => return false,
    };
    if let Err(message) = result {
        dbg.client.error(request, message);
    }
    true
}

/// Takes and stores a snapshot; `ctx` is the stop it is taken at, if any.
/// Fails with `cancelled` when the client cancelled it (`cancel` of the
/// request or of its progress): then nothing is kept.
pub fn take(
    dbg: &Debugger,
    lua: &Lua,
    ctx: Option<&StopContext>,
    label: Option<String>,
    gc: bool,
    request_id: Option<i64>,
) -> Result<TakeSnapshotResponseBody, String> {
    if gc {
        // A finalizer error must not abort the snapshot: it is the
        // program's, and shows up as a warning.
        let _ = lua.gc_collect();
    }
    let stopped_at = ctx.and_then(stop_location);
    let heap = lua.used_memory();
    let mut progress = WalkReport::start(dbg, request_id, heap);
    let started = Instant::now();
    // Cancelled before it started (the client's `cancel` came first).
    let snap = match progress.cancelled() {
        true => None,
        false => dbg
            .tool
            .snapshot_cancellable(lua, &mut |at| progress.update(at)),
    };
    let duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    let Some(snap) = snap else {
        progress.end("cancelled");
        return Err(CANCELLED.into());
    };
    progress.end(&format!("{} objects", snap.object_count()));
    Ok(dbg
        .snapshots
        .borrow_mut()
        .add(label, snap, duration_ms, stopped_at)
        .taken())
}

/// The answer to cancelled work (the DAP convention).
const CANCELLED: &str = "cancelled";

/// How often a walk's progress is reported.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// The progress events of one walk: shown from its start, with the share
/// of the heap walked and a cancel button, on heaps that take more than a
/// moment; and the client's `cancel`, for any walk.
struct WalkReport<'a> {
    dbg: &'a Debugger,
    request_id: Option<i64>,
    id: String,
    shown: bool,
    last: Instant,
}

impl<'a> WalkReport<'a> {
    fn start(dbg: &'a Debugger, request_id: Option<i64>, heap: usize) -> Self {
        // A request's walk is named after the request, a stop's by count.
        static STOP_WALKS: AtomicU64 = AtomicU64::new(0);
        let id = match request_id {
            Some(seq) => format!("lua-snapshot-walk-{seq}"),
            None => format!(
                "lua-snapshot-stop-walk-{}",
                STOP_WALKS.fetch_add(1, Ordering::Relaxed) + 1
            ),
        };
        let shown = dbg.progress && heap >= PROGRESS_FROM_BYTES;
        if shown {
            dbg.client.event(&ProgressStartEventBody {
                progress_id: id.clone(),
                title: "Taking Lua snapshot".into(),
                request_id,
                cancellable: Some(true),
                message: Some(format!("{} MB heap", mb(heap))),
                percentage: Some(0.0),
            });
        }
        WalkReport {
            dbg,
            request_id,
            id,
            shown,
            last: Instant::now(),
        }
    }

    fn cancelled(&self) -> bool {
        cancel::is_cancelled(self.request_id, &self.id)
    }

    /// Between two steps of the walk; false to stop it.
    fn update(&mut self, at: WalkProgress) -> bool {
        if self.cancelled() {
            return false;
        }
        if self.shown && self.last.elapsed() >= PROGRESS_EVERY {
            self.last = Instant::now();
            self.dbg.client.event(&ProgressUpdateEventBody {
                progress_id: self.id.clone(),
                message: Some(format!(
                    "{} of {} MB · {} objects",
                    mb(at.bytes),
                    mb(at.heap_bytes),
                    at.objects
                )),
                percentage: Some(at.percentage().floor()),
            });
        }
        true
    }

    fn end(&self, message: &str) {
        if self.shown {
            self.dbg.client.event(&ProgressEndEventBody {
                progress_id: self.id.clone(),
                message: Some(message.to_owned()),
            });
        }
    }
}

fn mb(bytes: usize) -> usize {
    bytes >> 20
}

/// `snapshotOnStop`: a snapshot at every stop, sent as a `snapshotTaken`
/// event; the first becomes the baseline (unless one is set), and each
/// later stop sends the diff from the baseline as a `snapshotDiff` event.
/// Both come before the `stopped` event.
pub fn on_stop(dbg: &Debugger, lua: &Lua, ctx: &StopContext) {
    if !dbg.snapshot_on_stop {
        return;
    }
    let taken = match take(dbg, lua, Some(ctx), None, false, None) {
        Ok(taken) => taken,
        Err(e) => {
            dbg.client.output(
                "console",
                format!("lua-snapshot: no snapshot at this stop: {e}\n"),
            );
            return;
        }
    };
    let mut store = dbg.snapshots.borrow_mut();
    let baseline = match store.baseline() {
        Some(id) => id,
        None => {
            let _ = store.set_baseline(taken.id);
            taken.id
        }
    };
    if let Ok(newer) = store.get(taken.id) {
        if let Ok(value) = serde_json::to_value(store.summary(newer)) {
            dbg.client
                .send(Event::with_value(SNAPSHOT_TAKEN_EVENT, value));
        }
    }
    if baseline == taken.id {
        return;
    }
    let (older, newer) = match (store.get(baseline), store.get(taken.id)) {
        (Ok(older), Ok(newer)) => (older, newer),
        (Err(e), _) | (_, Err(e)) => {
            // Never silent: the user expects a diff at every stop.
            dbg.client.output(
                "console",
                format!("lua-snapshot: no diff at this stop: {e}\n"),
            );
            return;
        }
    };
    let body = diff_body(
        &dbg.tool.tracker,
        older,
        newer,
        dap::types::snapshot::DEFAULT_DIFF_LIMIT as usize,
        Some(&dbg.base_dir),
        Vm::Paused,
    );
    if let Ok(value) = serde_json::to_value(body) {
        dbg.client
            .send(Event::with_value(SNAPSHOT_DIFF_EVENT, value));
    }
}

/// After the script ended (its VM closed): answers the snapshot requests,
/// and every other request with an error, until the session closes the
/// channel (`disconnect`, `restart` or the end of the connection). A
/// `Terminate` still queued was meant for the script, which is gone.
pub fn serve_ended(dbg: &Debugger) {
    while let Ok(command) = dbg.commands.recv() {
        match command {
            Command::Request(request) if !handle(dbg, None, None, &request) => {
                dbg.client.error(&request, "the program has ended");
            }
            Command::Detach { done, .. } => {
                let _ = done.send(());
            }
            _ => {}
        }
    }
}

/// File and line of the innermost frame of a stop, for Lua files.
fn stop_location(ctx: &StopContext) -> Option<Location> {
    let info = ctx.frame(0)?.info();
    let source = String::from_utf8_lossy(&info.source);
    let path = source.strip_prefix('@')?;
    Some(Location {
        path: path.to_string(),
        line: info.current_line,
    })
}
