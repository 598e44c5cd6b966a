//! The read path: bounded retries honouring `Retry-After`, and the ways a server
//! that differs from the contract is still read. A server that refuses the status
//! filter gets the wider list filtered here; one without the item path for an
//! organization is read from the list. Either is learnt once and kept for as long
//! as the client runs.

use std::time::Duration;

use super::refusal::BARE_404;
use super::streamed::{Rows, StreamTo};
use super::{Inner, ReadMode, RequestId, RetryPolicy, lock};
use crate::api::backend::{Decoded, Paging};
use crate::api::error::ApiError;
use crate::api::model::{Cursor, Filter, Node, Operation, Reply, Scope, Support, WriteNote};
use crate::api::problem::{Context, normalise};
use crate::api::schema::LevelId;

/// What this server was found to lack.
#[derive(Debug, Default)]
pub(super) struct Quirks {
    /// A party list's state filter is refused: filter by state on the client.
    status_filter_refused: bool,
    /// Reading one node by id is missing: find it in its level's list.
    organizations_from_list: bool,
}

impl Inner {
    pub(super) async fn read(
        &self,
        id: RequestId,
        op: &Operation,
        mode: ReadMode,
    ) -> Result<Reply, ApiError> {
        self.read_rows(id, op, mode, false).await
    }

    /// A read; with `streamed`, a list the backend streams is answered as it
    /// arrives (`ClientEvent::Rows`, then `Reply::Streamed`).
    pub(super) async fn read_rows(
        &self,
        id: RequestId,
        op: &Operation,
        mode: ReadMode,
        streamed: bool,
    ) -> Result<Reply, ApiError> {
        match op {
            Operation::ListParties {
                scope,
                filter,
                page,
            } if !filter.states.is_empty() && page.is_none() => {
                self.read_people(id, scope, filter, mode, streamed).await
            }
            Operation::GetNode { level, id: node } => {
                self.read_organization(id, *level, node, mode).await
            }
            _ if mode == ReadMode::Page => self.read_one_page(id, op).await,
            _ => {
                let rows = Rows::streamed_if(streamed, None);
                self.read_retrying(id, op, mode, rows).await
            }
        }
    }

    async fn read_people(
        &self,
        id: RequestId,
        scope: &Scope,
        filter: &Filter,
        mode: ReadMode,
        streamed: bool,
    ) -> Result<Reply, ApiError> {
        // A server may ignore a filter it does not know: each row is checked here too.
        let rows = Rows::streamed_if(streamed, Some(filter));
        if !lock(&self.quirks).status_filter_refused {
            let op = Operation::ListParties {
                scope: scope.clone(),
                filter: filter.clone(),
                page: None,
            };
            let refused = match self.read_retrying(id, &op, mode, rows).await {
                Err(err) if matches!(err.status(), Some(400 | 422)) => err,
                // A server may also ignore a filter it does not know.
                other => return other.map(|reply| with_statuses(reply, filter)),
            };
            // The 400 may be about another filter; only a wider read that works
            // shows it was the status.
            let wider = self.read_status_here(id, scope, filter, mode, rows).await;
            if wider.is_err() {
                return Err(refused);
            }
            tracing::info!(cause = %refused, "the server refuses the status filter on users: filtering on the client from now on");
            lock(&self.quirks).status_filter_refused = true;
            return wider;
        }
        self.read_status_here(id, scope, filter, mode, rows).await
    }

    /// The list without its status filter, filtered here.
    async fn read_status_here(
        &self,
        id: RequestId,
        scope: &Scope,
        filter: &Filter,
        mode: ReadMode,
        rows: Rows<'_>,
    ) -> Result<Reply, ApiError> {
        let wider = Operation::ListParties {
            scope: scope.clone(),
            filter: Filter {
                states: Vec::new(),
                ..filter.clone()
            },
            page: None,
        };
        // The caller's validator is for the list it holds; the wider list is another
        // answer, whose 304 would say nothing about it.
        let mode = match mode {
            ReadMode::Refresh => ReadMode::Load,
            other => other,
        };
        self.read_retrying(id, &wider, mode, rows)
            .await
            .map(|reply| with_statuses(reply, filter))
    }

    async fn read_organization(
        &self,
        id: RequestId,
        level: LevelId,
        org: &str,
        mode: ReadMode,
    ) -> Result<Reply, ApiError> {
        if lock(&self.quirks).organizations_from_list {
            return match self.find_in_list(id, level, org, mode).await? {
                Some(found) => Ok(Reply::Node(found)),
                None => Err(self.no_such_organization(level, org)),
            };
        }
        let op = Operation::GetNode {
            level,
            id: org.to_owned(),
        };
        let missing = match self.read_retrying(id, &op, mode, Rows::Whole).await {
            // A backend that finds one node by walking a list answers the nodes the
            // walk found: the one asked for, or none, which is "no such node".
            Ok(Reply::Nodes(walked)) => {
                let found = match walked.items.into_iter().find(|n| n.id == org) {
                    Some(found) => Some(found),
                    // One this profile created, that no record lists yet.
                    None => self
                        .remembered_nodes(level)?
                        .into_iter()
                        .find(|n| n.id == org),
                };
                return found
                    .map(Reply::Node)
                    .ok_or_else(|| self.no_such_organization(level, org));
            }
            Err(err) if err.status() == Some(404) => err,
            Err(err @ ApiError::Unsupported { .. }) => err,
            other => return other,
        };
        // A 404 on the item is "no such organization", or a server without the
        // item path: the list tells which.
        let found = self.find_in_list(id, level, org, mode).await;
        // Found there, or a 405 or 501 where the list works: the item path is missing.
        if matches!(found, Ok(Some(_)))
            || (found.is_ok() && matches!(missing, ApiError::Unsupported { .. }))
        {
            tracing::info!(cause = %missing, "reading one organization from the list from now on");
            lock(&self.quirks).organizations_from_list = true;
        }
        match found {
            Ok(Some(found)) => Ok(Reply::Node(found)),
            // The server's own 404 stands, unless it said nothing a person can use.
            Ok(None) => match missing {
                ApiError::Rejected(problem) if !problem.summary.contains(BARE_404) => {
                    Err(ApiError::Rejected(problem))
                }
                _ => Err(self.no_such_organization(level, org)),
            },
            Err(_) => {
                if let ApiError::Unsupported {
                    capability, reason, ..
                } = &missing
                {
                    self.lose_capability(*capability, reason);
                }
                Err(missing)
            }
        }
    }

    async fn find_in_list(
        &self,
        id: RequestId,
        level: LevelId,
        org: &str,
        mode: ReadMode,
    ) -> Result<Option<Node>, ApiError> {
        let list = Operation::ListNodes {
            level,
            parent: None,
            filter: Filter::default(),
            page: None,
        };
        let capability = list.capability();
        if let Support::Unavailable(reason) = lock(&self.capabilities).support(capability) {
            let what = self.backend.schema().offer(capability);
            return Err(ApiError::Unsupported {
                capability,
                what,
                reason,
            });
        }
        // The list may be shown later: kept, unless the read is one that checks a write.
        let mode = if mode.is_aside() {
            mode
        } else {
            ReadMode::Plain
        };
        match self.read_retrying(id, &list, mode, Rows::Whole).await? {
            Reply::Nodes(nodes) => Ok(nodes.items.into_iter().find(|n| n.id == org)),
            _ => Ok(None),
        }
    }

    /// The 404 a server with the item path would have given, so callers (and the
    /// check after a lost delete) read it the same way.
    fn no_such_organization(&self, level: LevelId, org: &str) -> ApiError {
        let mut problem = normalise(404, None, b"", Context::default());
        let (one, many) = self
            .backend
            .schema()
            .level(level)
            .map_or(("node", "nodes"), |l| l.nouns);
        problem.summary = format!(
            "no {one} {}: the list of {many} does not hold it",
            self.settings.token.redact(org)
        );
        ApiError::Rejected(Box::new(problem))
    }

    /// One read of one page (`cursor`; the first when `None`), tried again on
    /// transient failures, its rows reaching the caller as `rows` says.
    pub(super) async fn read_page(
        &self,
        id: RequestId,
        op: &Operation,
        mode: ReadMode,
        rows: Rows<'_>,
        cursor: Option<&Cursor>,
    ) -> Result<Fetched, ApiError> {
        self.read_page_sized(id, op, mode, rows, cursor, self.settings.page_size)
            .await
    }

    /// The same, `size` items to a page (`None`: the server's default).
    pub(super) async fn read_page_sized(
        &self,
        id: RequestId,
        op: &Operation,
        mode: ReadMode,
        rows: Rows<'_>,
        cursor: Option<&Cursor>,
        size: Option<u32>,
    ) -> Result<Fetched, ApiError> {
        let paging = Paging { cursor, size };
        let policy = &self.settings.retry;
        let attempts = if mode == ReadMode::Before {
            1
        } else {
            policy.attempts.max(1)
        };
        let mut attempt = 1;
        loop {
            // A read aside (checking a write) is not shown: it is never streamed.
            // Each try streams from the list's start (`from: 0`).
            let stream_to = match rows {
                Rows::Streamed { only } if !mode.is_aside() => Some(StreamTo { id, only }),
                _ => None,
            };
            let err = match self.exchange(op, mode, stream_to, paging).await {
                Ok((decoded, _)) => return Ok(Fetched::from(decoded)),
                Err(err) => err,
            };
            if !err.is_transient() || attempt >= attempts {
                return Err(err);
            }
            let asked = err.problem().and_then(|p| p.retry_after_secs);
            let wait = match asked {
                Some(secs) if Duration::from_secs(secs) > policy.max_retry_after => {
                    return Err(err);
                }
                Some(secs) => Duration::from_secs(secs),
                None => backoff(policy, attempt),
            };
            let _ = self.events.send(super::ClientEvent::Retrying {
                id,
                attempt,
                wait,
                cause: err.to_string(),
                server_asked: asked.is_some(),
            });
            tracing::info!(attempt, wait_ms = wait.as_millis() as u64, cause = %err, "retrying read");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }
}

/// What one page of a read answered.
pub(super) struct Fetched {
    pub(super) reply: Reply,
    /// Where the next page starts; `None` on the last (or only) page.
    pub(super) next: Option<Cursor>,
    /// How many items the whole list holds (or records it is collected from).
    pub(super) total: Option<u64>,
    /// For a collected list: how many records this page held.
    pub(super) scanned: Option<u64>,
}

impl From<Decoded> for Fetched {
    fn from(decoded: Decoded) -> Self {
        let (reply, next, total, scanned) = match decoded {
            Decoded::Reply(reply) => (reply, None, None, None),
            Decoded::ReadBack { message, .. } => {
                (Reply::Done(WriteNote { message }), None, None, None)
            }
            Decoded::Page {
                reply,
                next,
                total,
                scanned,
            } => (reply, next, total, scanned),
        };
        Fetched {
            reply,
            next,
            total,
            scanned,
        }
    }
}

/// Only the parties in a state the filter asks for.
pub(super) fn with_statuses(reply: Reply, filter: &Filter) -> Reply {
    match reply {
        Reply::Parties(mut page) => {
            page.items
                .retain(|party| filter.states.contains(&party.state));
            Reply::Parties(page)
        }
        other => other,
    }
}

/// Exponential backoff with jitter: spreads retries of many clients apart.
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let exp = policy
        .base_delay
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(policy.max_delay);
    let low = exp / 2;
    let spread = (exp - low).as_millis() as u64;
    low + Duration::from_millis(fastrand::u64(0..=spread))
}

#[cfg(test)]
mod backoff_tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_bounded() {
        let policy = RetryPolicy::default();
        for attempt in 1..10 {
            let wait = backoff(&policy, attempt);
            assert!(wait <= policy.max_delay, "{wait:?}");
            assert!(wait >= policy.base_delay / 2);
        }
        assert!(backoff(&policy, 1) <= policy.base_delay);
    }
}
