//! Lists that come in pages: the client follows each page's cursor to the end
//! and answers the items of every page together, as if the list had come whole.
//! Each page is its own request (retried on its own); cancelling the read stops
//! the walk; a page that fails fails the read, with what arrived discarded; a
//! cursor seen before ends it with an error instead of a loop.

use std::collections::HashSet;

use super::streamed::Rows;
use super::{Inner, ReadMode, RequestId, lock};
use crate::api::error::ApiError;
use crate::api::model::{Cursor, Operation, PageFault, Reply};

/// A walk this long is taken as a server that pages without end.
pub(super) const MAX_PAGES: usize = 100_000;
/// Most characters of a cursor quoted in an error.
const CURSOR_SHOWN: usize = 80;

impl Inner {
    /// A read to its last page. A streamed read's first page is streamed; a list
    /// that turns out to have more pages comes whole from its second on.
    pub(super) async fn read_retrying(
        &self,
        id: RequestId,
        op: &Operation,
        mode: ReadMode,
        rows: Rows<'_>,
    ) -> Result<Reply, ApiError> {
        if let Some(collected) = self.collected(op) {
            return self.read_collected(id, op, mode, collected).await;
        }
        let key = op.read_key();
        // The validator of a first page vouches for that page alone.
        let paged = key.as_ref().is_some_and(|k| lock(&self.paged).contains(k));
        let mode = match mode {
            ReadMode::Refresh if paged => ReadMode::Load,
            other => other,
        };
        let first = self.read_page(id, op, mode, rows, None).await?;
        let Some(mut next) = first.next else {
            return Ok(first.reply);
        };
        let mut all = first.reply;
        let mut seen: HashSet<Cursor> = HashSet::new();
        let mut ids: HashSet<String> = ids_of(&all).map(str::to_owned).collect();
        let mut pages = 1;
        loop {
            if !seen.insert(next.clone()) {
                return Err(self.paging_loops(op, pages, &next));
            }
            if pages >= MAX_PAGES {
                return Err(ApiError::Decode {
                    cause: format!(
                        "the list to {} did not end after {MAX_PAGES} pages",
                        self.describe(op)
                    ),
                });
            }
            let page = self
                .read_page(id, op, mode, Rows::Whole, Some(&next))
                .await?;
            pages += 1;
            // A server paging in circles is named as such, before the items it repeats.
            if let Some(again) = page.next.as_ref().filter(|c| seen.contains(*c)) {
                return Err(self.paging_loops(op, pages, again));
            }
            if let Some(id) = ids_of(&page.reply).find(|id| !ids.insert((*id).to_owned())) {
                let fault = PageFault::Duplicate {
                    id: self.redact(id),
                    page: pages,
                };
                return Err(ApiError::Decode {
                    cause: fault.to_string(),
                });
            }
            append(&mut all, page.reply).map_err(|cause| ApiError::Decode { cause })?;
            match page.next {
                Some(cursor) => next = cursor,
                None => break,
            }
        }
        if let Some(key) = key {
            lock(&self.paged).insert(key);
        }
        tracing::debug!(pages, "read every page");
        Ok(all)
    }

    /// One page of a list its caller pages through (`ReadMode::Page`), with the
    /// cursor of the next. A level or a tenant-wide view read lazily asks its own
    /// page size unless the profile sets one. The caller holds the pages, so it is
    /// the one to tell a cursor that comes round again.
    pub(super) async fn read_one_page(
        &self,
        id: RequestId,
        op: &Operation,
    ) -> Result<Reply, ApiError> {
        let (cursor, size) = match op {
            Operation::ListNodes { level, page, .. } => {
                let lazy = self.backend.schema().level(*level).and_then(|l| l.lazy);
                (page.as_ref(), lazy.map(|l| l.page_size))
            }
            Operation::ListParties { scope, page, .. } => {
                let lazy = match scope {
                    crate::api::model::Scope::Tenant(view) => {
                        self.backend.schema().view(*view).and_then(|v| v.lazy)
                    }
                    crate::api::model::Scope::Node { .. } => None,
                };
                (page.as_ref(), lazy.map(|l| l.page_size))
            }
            _ => (None, None),
        };
        // A page size the profile sets is the operator's; the level's is the default.
        let size = self.settings.page_size.or(size);
        let fetched = self
            .read_page_sized(id, op, ReadMode::Aside, Rows::Whole, cursor, size)
            .await?;
        Ok(with_next(fetched.reply, fetched.next, fetched.total))
    }

    pub(super) fn paging_loops(&self, op: &Operation, pages: usize, cursor: &Cursor) -> ApiError {
        let shown: String = self
            .redact(cursor.as_str())
            .chars()
            .take(CURSOR_SHOWN)
            .collect();
        ApiError::Decode {
            cause: format!(
                "the server's pages to {} go round in a circle: page {} points back to a page already read (cursor {shown:?})",
                self.describe(op),
                pages
            ),
        }
    }
}

/// A page's items with where the next page starts and how many the whole list
/// holds when the server says, for a caller that pages itself.
fn with_next(reply: Reply, next: Option<Cursor>, total: Option<u64>) -> Reply {
    match reply {
        Reply::Nodes(mut page) => {
            page.next = next;
            page.total = total.or(page.total);
            Reply::Nodes(page)
        }
        Reply::Parties(mut page) => {
            page.next = next;
            page.total = total.or(page.total);
            Reply::Parties(page)
        }
        Reply::Approvals(mut page) => {
            page.next = next;
            page.total = total.or(page.total);
            Reply::Approvals(page)
        }
        other => other,
    }
}

/// The ids of a page's items.
fn ids_of(reply: &Reply) -> Box<dyn Iterator<Item = &str> + '_> {
    match reply {
        Reply::Nodes(page) => Box::new(page.items.iter().map(|n| n.id.as_str())),
        Reply::Parties(page) => Box::new(page.items.iter().map(|p| p.id())),
        Reply::Approvals(page) => Box::new(page.items.iter().map(|a| a.id.as_str())),
        _ => Box::new(std::iter::empty()),
    }
}

/// Adds a page's items to the ones before it.
fn append(all: &mut Reply, page: Reply) -> Result<(), String> {
    match (all, page) {
        (Reply::Nodes(all), Reply::Nodes(more)) => {
            all.items.extend(more.items);
            all.total = more.total.or(all.total);
        }
        (Reply::Parties(all), Reply::Parties(more)) => {
            all.items.extend(more.items);
            all.total = more.total.or(all.total);
        }
        (Reply::Approvals(all), Reply::Approvals(more)) => {
            all.items.extend(more.items);
            all.total = more.total.or(all.total);
        }
        (all, page) => {
            return Err(format!(
                "a page of the list held {} where the pages before held {}",
                kind(&page),
                kind(all)
            ));
        }
    }
    Ok(())
}

fn kind(reply: &Reply) -> &'static str {
    match reply {
        Reply::Nodes(_) => "nodes",
        Reply::Parties(_) => "parties",
        Reply::Node(_) | Reply::Party(_) | Reply::Caller(_) => "a single item",
        Reply::Approvals(_) => "approvals",
        Reply::Done(_) | Reply::Pending(_) | Reply::Unchanged | Reply::Streamed { .. } => "no list",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::WriteNote;

    #[test]
    fn pages_of_the_same_list_are_joined_and_others_refused() {
        let mut all = Reply::Nodes(crate::api::model::Page::one(Vec::new()));
        append(
            &mut all,
            Reply::Nodes(crate::api::model::Page::one(Vec::new())),
        )
        .unwrap();
        let refused = append(
            &mut all,
            Reply::Done(WriteNote {
                message: "x".into(),
            }),
        )
        .unwrap_err();
        assert_eq!(
            refused,
            "a page of the list held no list where the pages before held nodes"
        );
    }
}
