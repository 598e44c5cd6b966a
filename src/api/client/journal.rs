//! The client's side of the write journal (`api::journal`): a keyed create is
//! written down before it goes out and struck off once its outcome is known; on
//! start, what an earlier run left is settled by the backend's reconciling read.

use super::{ClientEvent, ClientHandle, Command, Inner, ReadMode, RequestId};
use crate::api::backend::{Settle, Verdict};
use crate::api::error::{ApiError, WriteOutcome};
use crate::api::journal::{Entry, Journal};
use crate::api::model::{Operation, Reply};

/// What became of a write an earlier run left in the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Leftover {
    pub entry: Entry,
    pub found: Found,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// It was applied: what the server shows it made. Struck off.
    Done(Reply),
    /// It was not applied: the write again, with its key, for the operator to take
    /// back. Struck off: the operator holds it now.
    NotDone(Operation),
    /// Nobody can tell yet, and why; the entry stays for the next start.
    Unknown(String),
}

impl ClientHandle {
    /// Settles what the journal holds from an earlier run, in the client task: the
    /// answer is one `ClientEvent::Leftovers` (none when the journal is empty or
    /// this client keeps none).
    pub fn settle_journal(&self) -> RequestId {
        let id = self
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let _ = self.commands.send(Command::SettleJournal(id));
        id
    }
}

/// Whether the write's outcome is known: done, refused, provably not done.
fn outcome_known(result: &Result<Reply, ApiError>) -> bool {
    !matches!(
        result,
        Err(ApiError::WriteUncertain {
            outcome: WriteOutcome::Unknown,
            ..
        } | ApiError::Cancelled { .. })
    )
}

impl Inner {
    /// Writes `op` down before it goes out, when it is a keyed create. A journal
    /// that cannot be written is said in the log and does not hold the write up:
    /// the key still keeps a resubmit in this run from creating two.
    pub(super) fn journal_before(&self, op: &Operation) {
        let Some(journal) = &self.journal else {
            return;
        };
        let Some(entry) = Entry::of(op, &self.settings.profile, self.settings.base_url.as_str())
        else {
            return;
        };
        if let Err(err) = journal.record(entry) {
            tracing::warn!(cause = %err, "the write goes out without its journal entry");
        }
    }

    /// Strikes the write off once its outcome is known; an unknown one stays.
    pub(super) fn journal_after(&self, op: &Operation, result: &Result<Reply, ApiError>) {
        let (Some(journal), Some(key)) = (&self.journal, op.idempotency_key()) else {
            return;
        };
        if !matches!(op, Operation::CreateNode { .. }) {
            return;
        }
        if outcome_known(result)
            && let Err(err) = journal.forget(key)
        {
            tracing::warn!(cause = %err, "could not strike a settled write off the journal");
        }
    }

    /// Settles every entry an earlier run left, and reports them in one event.
    pub(super) async fn settle_journal(&self, id: RequestId) {
        let Some(journal) = &self.journal else {
            return;
        };
        let result = match journal.entries() {
            Ok(entries) if entries.is_empty() => return,
            Ok(entries) => {
                let mut found = Vec::with_capacity(entries.len());
                for entry in entries {
                    found.push(self.settle_entry(id, journal, entry).await);
                }
                Ok(found)
            }
            Err(err) => Err(err.to_string()),
        };
        let _ = self.events.send(ClientEvent::Leftovers { id, result });
    }

    async fn settle_entry(&self, id: RequestId, journal: &Journal, entry: Entry) -> Leftover {
        let found = self.find(id, &entry).await;
        let settled = !matches!(found, Found::Unknown(_));
        if settled && let Err(err) = journal.forget(&entry.key) {
            tracing::warn!(cause = %err, "could not strike a settled write off the journal");
        }
        tracing::info!(key = %entry.key, settled, "settled a write left in the journal");
        Leftover { entry, found }
    }

    /// What the server shows of the entry's write now.
    async fn find(&self, id: RequestId, entry: &Entry) -> Found {
        let here = self.settings.base_url.as_str();
        if entry.base_url != here {
            return Found::Unknown(format!(
                "it was sent to {}, and this profile now points at {here}: left as it is",
                entry.base_url
            ));
        }
        let op = match entry.operation(self.backend.schema()) {
            Ok(op) => op,
            Err(why) => return Found::Unknown(why),
        };
        let Settle::Read(read) = self.backend.settle(&op) else {
            return Found::Unknown(format!(
                "{} cannot tell without sending it again",
                self.backend.schema().title
            ));
        };
        let after = self.read(id, &read, ReadMode::Aside).await;
        // Nothing was read before this write, in this run: the read compared with
        // itself says whether it shows the write's change at all (a key's read
        // shows only what that key made, so "there" means this write made it).
        match (self.backend.applied(&op, &after, &after), after) {
            (Verdict::AlreadySo | Verdict::Applied, Ok(read)) => {
                Found::Done(self.backend.confirmed_reply(&op, read))
            }
            (Verdict::NotApplied, _) => Found::NotDone(op),
            (_, Err(err)) => Found::Unknown(format!("the server could not be asked: {err}")),
            _ => Found::Unknown("the server's answer cannot tell".to_owned()),
        }
    }
}
