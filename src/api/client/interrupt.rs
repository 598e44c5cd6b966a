//! The process is ending while writes are in flight: each is stopped and audited as
//! interrupted, and described for the operator. A write counts as sent from the
//! moment it is handed to HTTP (reqwest does not say when the connection is up), so
//! "not sent" is said only of a write that provably never goes.

use super::{ClientHandle, Command, Flight, Inner, RequestId, lock};

/// The audit outcome of a write the process ended under: it may have been applied.
pub const INTERRUPTED_SENT: &str = "sent, outcome unknown (interrupted)";
/// ... and of one interrupted before it was handed to HTTP.
pub const INTERRUPTED_UNSENT: &str = "not sent (interrupted)";

impl ClientHandle {
    /// The process is ending (a signal, or the operator quit anyway): every write
    /// still in flight is stopped and audited as interrupted, and described in one
    /// line each for the operator. A write already handed to HTTP counts as sent,
    /// since it may have reached the server; one that was not is said not sent.
    /// Goes through the command queue, so writes asked for just before are counted.
    pub async fn interrupt_writes(&self) -> Vec<String> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        if self.commands.send(Command::Interrupt(reply)).is_err() {
            return self.inner.interrupt();
        }
        match answer.await {
            Ok(lines) => lines,
            // The task ended meanwhile: its flights are still here to account for.
            Err(_) => self.inner.interrupt(),
        }
    }
}

impl Inner {
    /// Marks a write as handed to HTTP; false when it was interrupted first. Under
    /// the flights lock, so `interrupt` sees either "sent" or a write that never goes.
    pub(super) fn mark_sent(&self, id: RequestId) -> bool {
        lock(&self.flights)
            .get_mut(&id)
            .map(|flight| flight.sent = true)
            .is_some()
    }

    pub(super) fn interrupt(&self) -> Vec<String> {
        let writes: Vec<Flight> = {
            let mut flights = lock(&self.flights);
            let ids: Vec<RequestId> = flights
                .iter()
                .filter(|(_, f)| f.write.is_some())
                .map(|(id, _)| *id)
                .collect();
            ids.iter().filter_map(|id| flights.remove(id)).collect()
        };
        writes
            .into_iter()
            .filter_map(|flight| {
                flight.abort.abort();
                let op = flight.write?;
                let outcome = if flight.sent {
                    INTERRUPTED_SENT
                } else {
                    INTERRUPTED_UNSENT
                };
                self.audit(&op, None, outcome, None);
                let call = self
                    .backend
                    .call(&op, crate::api::backend::Paging::default())
                    .map_or_else(|u| u.to_string(), |call| call.describe());
                let call = self.redact(&call);
                Some(format!("{call} ({}): {outcome}", self.describe(&op)))
            })
            .collect()
    }
}
