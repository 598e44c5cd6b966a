//! Writes: sent once, and settled by what arrived. A status line settles a write
//! by itself; when nothing arrived, or a gateway failed, the backend says how to
//! settle it: its reconciling read taken before the write is compared with the
//! same read after it, or a write that carries its own idempotency key is sent
//! once more, as the very same request, and that answer settles it.

use super::exchange::Meta;
use super::{Inner, ReadMode, RequestId};
use crate::api::backend::{Decoded, HttpCall, Paging, Settle, Verdict};
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
    /// The answer was lost (or a gateway's, `gateway`), and the same request, sent
    /// again with its idempotency key, was answered: that answer settled it.
    Resent { gateway: Option<u16> },
}

impl Reconciled {
    /// Settled by sending the write again rather than by re-reading.
    pub fn by_resending(self) -> bool {
        matches!(self, Reconciled::Resent { .. })
    }
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
            Reconciled::Gateway { status }
            | Reconciled::Resent {
                gateway: Some(status),
            } => write!(f, "a gateway answered {status}"),
            Reconciled::Resent { gateway: None } => {
                f.write_str("the server's answer was lost or cut off")
            }
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
        let settle = self.backend.settle(op);
        let check = match self.check_before(id, op, &settle).await {
            Ok(check) => check,
            Err(err) => return (Err(err), None),
        };
        // Built once: a write sent again is this very request (same body, same key).
        let call = match self.http_call(op, Paging::default()) {
            Ok(call) => call,
            Err(err) => return (Err(err), None),
        };
        // Written down as late as can be, so that an entry means "it may have
        // gone": the read before it, and a call that cannot be made, write nothing.
        self.journal_before(op);
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
        let lost = |err, status| Lost {
            call: &call,
            cause: err,
            status,
            resend: settle == Settle::Resend,
        };
        match self
            .exchange_settled(op, &call, ReadMode::Plain, None)
            .await
        {
            Ok((decoded, meta)) => (self.answered(id, op, decoded, meta).await, None),
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
            )) => self.reconcile(id, op, lost(err, None), check).await,
            // A gateway's failure says nothing of what the server behind it did.
            Err((err, meta)) if err.is_gateway_failure() => {
                let status = meta.map(|m| m.status).or(err.status());
                self.reconcile(id, op, lost(err, status), check).await
            }
            Err((err, meta)) => (Err(self.rejected(op, err, meta)), None),
        }
    }

    /// The server answered the write: done, and shown as it now is (re-read when
    /// the answer only confirmed).
    async fn answered(
        &self,
        id: RequestId,
        op: &Operation,
        decoded: Decoded,
        meta: Meta,
    ) -> Result<Reply, ApiError> {
        match decoded {
            Decoded::Reply(reply) | Decoded::Page { reply, .. } => {
                self.audit(op, Some(meta.status), &done(&reply), meta.request_id);
                Ok(reply)
            }
            Decoded::ReadBack { message, read } => {
                self.audit(op, Some(meta.status), "done", meta.request_id);
                match self.read(id, &read, ReadMode::Plain).await {
                    Ok(reply) => Ok(reply),
                    Err(err) => {
                        tracing::warn!(cause = %err, "write done but the re-read failed");
                        Ok(Reply::Done(WriteNote { message }))
                    }
                }
            }
        }
    }

    /// The server refused the write: audited with the request id it gave, when it
    /// gave one.
    fn rejected(&self, op: &Operation, err: ApiError, meta: Option<Meta>) -> ApiError {
        let status = meta.as_ref().map(|m| m.status).or(err.status());
        let request_id = err
            .problem()
            .and_then(|p| p.request_id.clone())
            .or_else(|| meta.and_then(|m| m.request_id));
        self.audit(op, status, "rejected", request_id);
        err
    }

    /// What the reconciling read shows before the write, so that a lost answer
    /// can tell "this write did it" from "it was already so"; an error when the
    /// write must not be sent.
    async fn check_before(
        &self,
        id: RequestId,
        op: &Operation,
        settle: &Settle,
    ) -> Result<Option<(Operation, Result<Reply, ApiError>)>, ApiError> {
        let Settle::Read(read) = settle else {
            return Ok(None);
        };
        let before = self.snapshot(id, read).await;
        // The same certificate or redirect would meet the write: it is not sent.
        if let Err(
            err @ (ApiError::Certificate { .. }
            | ApiError::Tls { .. }
            | ApiError::Redirected { .. }),
        ) = before
        {
            self.audit(op, None, not_sent(&err), None);
            return Err(err);
        }
        Ok(Some((read.clone(), before)))
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
            self.describe(op)
        );
        (Ok(Reply::Done(WriteNote { message })), None)
    }

    /// The answer to a write was lost, or came from a failing gateway: find out
    /// from the server whether it applied, comparing with what it showed before.
    async fn reconcile(
        &self,
        id: RequestId,
        op: &Operation,
        lost: Lost<'_>,
        check: Option<(Operation, Result<Reply, ApiError>)>,
    ) -> (Result<Reply, ApiError>, Option<Reconciled>) {
        if lost.resend {
            return self.resend(op, lost).await;
        }
        let Lost { cause, status, .. } = lost;
        let why = lost_why(status);
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
                        message: format!("{} applied", self.describe(op)),
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
        Operation::CreateNode { .. } | Operation::AddMembers { .. } => {
            ("already existed", "it already existed")
        }
        Operation::DeleteNode { .. }
        | Operation::RevokeInvite { .. }
        | Operation::RemoveMember { .. } => ("already gone", "it was already gone"),
        _ => ("already so", "it was already so"),
    }
}

/// A write whose answer was lost, or came from a failing gateway (`status`).
struct Lost<'a> {
    /// The request as it was sent.
    call: &'a HttpCall,
    cause: ApiError,
    status: Option<u16>,
    /// The backend settles it by sending it again (`Settle::Resend`).
    resend: bool,
}

/// The audit trail's words for what became of the first answer.
fn lost_why(status: Option<u16>) -> String {
    match status {
        Some(status) => format!("answered {status}"),
        None => "answer lost".to_owned(),
    }
}

/// The audit outcome of a write the server answered.
fn done(reply: &Reply) -> String {
    match reply {
        Reply::Pending(approval) => format!("sent for approval (approval {})", approval.id),
        _ => "done".to_owned(),
    }
}

impl Inner {
    /// Sends a lost write again, once, as the very same request: the server knows
    /// its idempotency key, so it applies the write at most once and answers for
    /// it either way. That answer is the write's answer.
    async fn resend(
        &self,
        op: &Operation,
        lost: Lost<'_>,
    ) -> (Result<Reply, ApiError>, Option<Reconciled>) {
        let why = lost_why(lost.status);
        tracing::info!(cause = %lost.cause, "re-sending the write with its idempotency key");
        let how = Reconciled::Resent {
            gateway: lost.status,
        };
        match self
            .exchange_settled(op, lost.call, ReadMode::Plain, None)
            .await
        {
            Ok((decoded, meta)) => {
                let reply = match decoded {
                    Decoded::Reply(reply) | Decoded::Page { reply, .. } => reply,
                    Decoded::ReadBack { message, .. } => Reply::Done(WriteNote { message }),
                };
                let outcome = match &reply {
                    Reply::Pending(approval) => format!(
                        "sent for approval (approval {}; {why}; settled by re-sending it with the same idempotency key)",
                        approval.id
                    ),
                    _ => format!(
                        "applied ({why}; settled by re-sending it with the same idempotency key)"
                    ),
                };
                self.audit(op, Some(meta.status), &outcome, meta.request_id);
                (Ok(reply), Some(how))
            }
            Err((err, meta)) => {
                let status = meta.as_ref().map(|m| m.status).or(err.status());
                let request_id = err
                    .problem()
                    .and_then(|p| p.request_id.clone())
                    .or_else(|| meta.and_then(|m| m.request_id));
                match status {
                    Some(status @ 200..=299) => {
                        let outcome = format!(
                            "done ({why}; re-sent with the same idempotency key, its answer's body could not be read)"
                        );
                        self.audit(op, Some(status), &outcome, request_id);
                        let message = format!(
                            "{} done: the server answered {status}; {err}",
                            self.describe(op)
                        );
                        (Ok(Reply::Done(WriteNote { message })), Some(how))
                    }
                    // The server's own answer to the same keyed request: it stands.
                    Some(status) if !matches!(status, 502..=504) => {
                        let outcome = format!("rejected ({why}; the re-sent request was refused)");
                        self.audit(op, Some(status), &outcome, request_id);
                        (Err(err), None)
                    }
                    _ => {
                        let outcome =
                            format!("unknown ({why}; the re-sent request was not answered either)");
                        self.audit(op, status, &outcome, None);
                        (Err(resent_unanswered(&lost.cause, lost.status, &err)), None)
                    }
                }
            }
        }
    }
}

/// A lost write sent again whose second answer was lost too: nobody can tell.
fn resent_unanswered(first: &ApiError, gateway: Option<u16>, second: &ApiError) -> ApiError {
    let cause = match gateway {
        Some(status) => Reconciled::Gateway { status }.to_string(),
        None => first.to_string(),
    };
    ApiError::WriteUncertain {
        outcome: WriteOutcome::Unknown,
        cause: format!(
            "{cause}; sent again with the same idempotency key, it was not answered either ({second})"
        ),
    }
}
