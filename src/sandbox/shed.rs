//! Shedding load when descriptors run out. Under a low descriptor limit, clients that
//! drip their headers used to hold every descriptor until their header timeout, while
//! real clients waited in the accept queue for tens of seconds. When accept fails for
//! lack of descriptors, the connections that have waited longest without delivering a
//! request head are closed to make room. A connection whose head has arrived is never
//! cut: deciding "serve" or "shed" happens under one lock, so a request is either
//! served whole or refused before any of it runs.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::task::AbortHandle;
use tokio::time::Instant;

/// Connections that have not yet delivered their first request head. Ids grow with
/// accept order, so the map's order is oldest first.
#[derive(Clone, Default)]
pub(super) struct Waiting(Arc<Mutex<Inner>>);

#[derive(Default)]
struct Inner {
    next_id: u64,
    connections: BTreeMap<u64, Entry>,
}

struct Entry {
    since: Instant,
    /// Set right after the connection's task is spawned; until then it is seconds
    /// younger than any shedding age.
    abort: Option<AbortHandle>,
}

impl Waiting {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic elsewhere cannot leave the map half-updated; keep serving.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a newly accepted connection.
    pub(super) fn admit(&self) -> Admitted {
        let mut inner = self.lock();
        let id = inner.next_id;
        inner.next_id += 1;
        inner.connections.insert(
            id,
            Entry {
                since: Instant::now(),
                abort: None,
            },
        );
        Admitted {
            waiting: self.clone(),
            id,
            served: AtomicBool::new(false),
        }
    }

    /// Closes the connections that have waited longer than `older_than` for their
    /// first request head; how many.
    pub(super) fn shed(&self, older_than: Duration) -> usize {
        let mut inner = self.lock();
        let now = Instant::now();
        let old: Vec<u64> = inner
            .connections
            .iter()
            .take_while(|(_, entry)| now.duration_since(entry.since) > older_than)
            .filter(|(_, entry)| entry.abort.is_some())
            .map(|(id, _)| *id)
            .collect();
        for id in &old {
            if let Some(Entry {
                abort: Some(abort), ..
            }) = inner.connections.remove(id)
            {
                abort.abort();
            }
        }
        old.len()
    }
}

/// One connection's place in [`Waiting`]; dropping it (the connection ended) leaves.
pub(super) struct Admitted {
    waiting: Waiting,
    id: u64,
    /// Its first head arrived in time; later requests on it need no check.
    served: AtomicBool,
}

impl Admitted {
    /// Lets the connection be shed through `abort`.
    pub(super) fn attach(&self, abort: AbortHandle) {
        if let Some(entry) = self.waiting.lock().connections.get_mut(&self.id) {
            entry.abort = Some(abort);
        }
    }

    /// A request head arrived: from now on the connection is never shed. False
    /// when it already was, and the request must not be served.
    pub(super) fn head_arrived(&self) -> bool {
        // HTTP/1 requests on one connection come one after another: no race here.
        if self.served.load(Ordering::Relaxed) {
            return true;
        }
        let in_time = self.waiting.lock().connections.remove(&self.id).is_some();
        self.served.store(in_time, Ordering::Relaxed);
        in_time
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        self.waiting.lock().connections.remove(&self.id);
    }
}

/// Whether accept failed because this process or the system is out of descriptors.
pub(super) fn out_of_descriptors(err: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(err.raw_os_error(), Some(libc::EMFILE | libc::ENFILE))
    }
    #[cfg(not(unix))]
    {
        let _ = err;
        false
    }
}
