//! Writes: sent once, and settled by what arrived. A status line settles a write
//! by itself; when nothing arrived, or a gateway failed, the backend's reconciling
//! read taken before the write is compared with the same read after it.

use super::exchange::Meta;
use super::{Inner, ReadMode, RequestId};
use crate::api::backend::{Decoded, Verdict};
use crate::api::error::{ApiError, WriteOutcome};
use crate::api::model::{Operation, Reply, WriteNote};

/// What a write confirmed by re-reading had met instead of its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reconciled {
    /// Nothing arrived, or the status line was cut off.
    AnswerLost,
    /// A success status arrived, its body did not.
    BodyUnread { status: u16 },
    /// A gateway answered 502, 503 or 504: an answer, but not the server's.
    Gateway { status: u16 },
}

impl std::fmt::Display for Reconciled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reconciled::AnswerLost => f.write_str("the server's answer was lost or cut off"),
            Reconciled::BodyUnread { status } => {
                write!(
                    f,
                    "the server answered {status}, its answer's body was cut off"
                )
            }
            Reconciled::Gateway { status } => write!(f, "a gateway answered {status}"),
        }
    }
}

/// The audit outcome of a write stopped before it went out.
fn not_sent(err: &ApiError) -> &'static str {
    match err {
        ApiError::Certificate { .. } => "not sent: the server's certificate was refused",
        ApiError::Tls { .. } => "not sent: the TLS handshake failed",
        _ => "not sent: the server redirects (see base_url)",
    }
}

impl Inner {
    pub(super) async fn write(
        &self,
        id: RequestId,
        op: &Operation,
    ) -> (Result<Reply, ApiError>, Option<Reconciled>) {
        let check = match self.check_before(id, op).await {
            Ok(check) => check,
            Err(err) => {
                self.audit(op, None, not_sent(&err), None);
                return (Err(err), None);
            }
        };
        if !self.mark_sent(id) {
            // Interrupted before it was sent (during the read above): it never will be.
            return (
                Err(ApiError::Cancelled {
                    superseded: false,
                    write: true,
                }),
                None,
            );
        }
        match self.exchange_settled(op, ReadMode::Plain, None).await {
            Ok((Decoded::Reply(reply), meta)) => {
                self.audit(op, Some(meta.status), "done", meta.request_id);
                (Ok(reply), None)
            }
            Ok((Decoded::ReadBack { message, read }, meta)) => {
                self.audit(op, Some(meta.status), "done", meta.request_id);
                match self.read(id, &read, ReadMode::Plain).await {
                    Ok(reply) => (Ok(reply), None),
                    Err(err) => {
                        tracing::warn!(cause = %err, "write done but the re-read failed");
                        (Ok(Reply::Done(WriteNote { message })), None)
                    }
                }
            }
            Err((ApiError::Connect { host, cause }, _)) => {
                self.audit(op, None, "not sent: could not connect", None);
                (Err(ApiError::Connect { host, cause }), None)
            }
            Err((err @ (ApiError::Certificate { .. } | ApiError::Tls { .. }), _)) => {
                self.audit(op, None, not_sent(&err), None);
                (Err(err), None)
            }
            // A success status settles it, whatever became of the body after it.
            Err((err, Some(meta))) if (200..300).contains(&meta.status) => {
                self.done_but_unread(id, op, err, meta, check.map(|(read, _)| read))
                    .await
            }
            Err((
                err @ (ApiError::Timeout { .. }
                | ApiError::Transport { .. }
                | ApiError::Decode { .. }
                | ApiError::TooLarge { .. }),
                None,
            )) => self.reconcile(id, op, err, None, check).await,
            // A gateway's failure says nothing of what the server behind it did.
            Err((err, meta)) if err.is_gateway_failure() => {
                let status = meta.map(|m| m.status).or(err.status());
                self.reconcile(id, op, err, status, check).await
            }
            Err((err, meta)) => {
                let status = meta.as_ref().map(|m| m.status).or(err.status());
                let request_id = err
                    .problem()
                    .and_then(|p| p.request_id.clone())
                    .or_else(|| meta.and_then(|m| m.request_id));
                self.audit(op, status, "rejected", request_id);
                (Err(err), None)
            }
        }
    }

    /// What the reconciling read shows before the write, so that a lost answer can
    /// tell "this write did it" from "it was already so"; None for a write the
    /// backend settles without one. An error is one that would meet the write too
    /// (a refused certificate, a failed handshake, a redirect): it is not sent.
    async fn check_before(
        &self,
        id: RequestId,
        op: &Operation,
    ) -> Result<Option<(Operation, Result<Reply, ApiError>)>, ApiError> {
        let Some(read) = self.backend.reconcile_read(op) else {
            return Ok(None);
        };
        match self.snapshot(id, &read).await {
            Err(
                err @ (ApiError::Certificate { .. }
                | ApiError::Tls { .. }
                | ApiError::Redirected { .. }),
            ) => Err(err),
            before => Ok(Some((read, before))),
        }
    }

    /// The reconciling read, before the write. It goes the way the read after a
    /// lost answer goes (what this server was found to lack included: an
    /// organization read from the list), so that the two compare like with like,
    /// but once and quietly (see `ReadMode::Before`).
    async fn snapshot(&self, id: RequestId, read: &Operation) -> Result<Reply, ApiError> {
        self.read(id, read, ReadMode::Before).await
    }

    /// The server said the write was done, but its answer's body could not be had:
    /// done, and the reconciling read shows the result when it can.
    async fn done_but_unread(
        &self,
        id: RequestId,
        op: &Operation,
        cause: ApiError,
        meta: Meta,
        read: Option<Operation>,
    ) -> (Result<Reply, ApiError>, Option<Reconciled>) {
        self.audit(
            op,
            Some(meta.status),
            "done (its answer's body could not be read)",
            meta.request_id,
        );
        tracing::warn!(status = meta.status, %cause, "write done, its answer unreadable");
        if let Some(read) = read
            && let Ok(reply) = self.read(id, &read, ReadMode::Aside).await
        {
            return (
                Ok(self.backend.confirmed_reply(op, reply)),
                Some(Reconciled::BodyUnread {
                    status: meta.status,
                }),
            );
        }
        let message = format!(
            "done: the server answered {} to {}; {cause}",
            meta.status,
            op.describe()
        );
        (Ok(Reply::Done(WriteNote { message })), None)
    }

    /// The answer to a write was lost, or came from a failing gateway: find out
    /// from the server whether it applied, comparing with what it showed before.
    async fn reconcile(
        &self,
        id: RequestId,
        op: &Operation,
        cause: ApiError,
        status: Option<u16>,
        check: Option<(Operation, Result<Reply, ApiError>)>,
    ) -> (Result<Reply, ApiError>, Option<Reconciled>) {
        let why = match status {
            Some(status) => format!("answered {status}"),
            None => "answer lost".to_owned(),
        };
        // Said as what happened, never with the failure's own advice ("what you
        // typed is kept, try again"): the verdict below decides what to do.
        let cause_text = match status {
            Some(status) => Reconciled::Gateway { status }.to_string(),
            None => cause.to_string(),
        };
        let (verdict, after) = match check {
            Some((read, before)) => {
                let after = self.read(id, &read, ReadMode::Aside).await;
                (self.backend.applied(op, &before, &after), Some(after))
            }
            None => (Verdict::Unknown, None),
        };
        let (outcome, result) = match verdict {
            Verdict::Applied => {
                let reply = match after {
                    Some(Ok(read)) => self.backend.confirmed_reply(op, read),
                    _ => Reply::Done(WriteNote {
                        message: format!("{} applied", op.describe()),
                    }),
                };
                let outcome = format!("applied ({why}; confirmed by re-reading)");
                self.audit(op, status, &outcome, None);
                let how = status.map_or(Reconciled::AnswerLost, |status| Reconciled::Gateway {
                    status,
                });
                return (Ok(reply), Some(how));
            }
            Verdict::AlreadySo => {
                let (short, sentence) = already(op);
                (
                    format!("{short} ({why}; the read before the write showed it)"),
                    ApiError::WriteUncertain {
                        outcome: WriteOutcome::AlreadySo,
                        cause: format!("{sentence} before this write was sent ({cause_text})"),
                    },
                )
            }
            Verdict::NotApplied => (
                format!("not applied ({why}; re-read shows no change)"),
                ApiError::WriteUncertain {
                    outcome: WriteOutcome::NotDone,
                    cause: cause_text,
                },
            ),
            Verdict::Unknown => (
                format!("unknown ({why}; could not confirm)"),
                ApiError::WriteUncertain {
                    outcome: WriteOutcome::Unknown,
                    cause: cause_text,
                },
            ),
        };
        self.audit(op, status, &outcome, None);
        (Err(result), None)
    }
}

/// How "it was already so" reads for this kind of write: for the audit trail,
/// and as a sentence.
fn already(op: &Operation) -> (&'static str, &'static str) {
    match op {
        Operation::CreateOrganization(_) | Operation::Invite(_) => {
            ("already existed", "it already existed")
        }
        Operation::DeleteOrganization { .. } | Operation::RevokeInvite { .. } => {
            ("already gone", "it was already gone")
        }
        _ => ("already so", "it was already so"),
    }
}
