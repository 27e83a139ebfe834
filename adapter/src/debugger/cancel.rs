//! `cancel`: the server thread notes what the client cancelled; long work
//! on the VM thread (a heap walk) asks between steps and stops.
//!
//! Only work that is under way or queued can be cancelled; the list keeps
//! the last few cancellations, so a `cancel` for work that already ended
//! costs nothing and grows nothing.

use std::sync::{Mutex, PoisonError};

/// Cancellations kept: more than the VM thread can have under way.
const KEPT: usize = 16;

enum Cancelled {
    Request(i64),
    Progress(String),
}

static CANCELLED: Mutex<Vec<Cancelled>> = Mutex::new(Vec::new());

/// The client cancelled a request or a progress (`cancel`).
pub fn cancel(request_id: Option<i64>, progress_id: Option<String>) {
    let mut list = CANCELLED.lock().unwrap_or_else(PoisonError::into_inner);
    list.extend(request_id.map(Cancelled::Request));
    list.extend(progress_id.map(Cancelled::Progress));
    let excess = list.len().saturating_sub(KEPT);
    list.drain(..excess);
}

/// Whether the work of `request_id` or `progress_id` was cancelled.
pub fn is_cancelled(request_id: Option<i64>, progress_id: &str) -> bool {
    CANCELLED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .any(|c| match c {
            Cancelled::Request(id) => Some(*id) == request_id,
            Cancelled::Progress(id) => id == progress_id,
        })
}
