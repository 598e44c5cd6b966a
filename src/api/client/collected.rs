//! Lists collected from another listing's records (`schema::Collected`: a
//! backend's organizations gathered from every customer). Each page of records
//! holds some nodes, and one node is on many records, so pages overlap: a node
//! seen again is merged into the first (a cursor seen again still ends the walk
//! with an error). After every page, the first included, a `ClientEvent::Progress`
//! carries the nodes new on it and how many records have been read, so the
//! console shows rows at once and "reading customers… 400 of 1,250" while the rest
//! come. The nodes this profile created that no record lists are added at the end.

use std::collections::HashSet;

use super::pages::MAX_PAGES;
use super::{ClientEvent, Inner, ReadMode, RequestId};
use crate::api::error::ApiError;
use crate::api::model::{Cursor, Node, Operation, Page, Reply};
use crate::api::schema::{Collected, LevelId};

impl Inner {
    /// The level `op` lists when that level is collected from another listing.
    pub(super) fn collected(&self, op: &Operation) -> Option<(LevelId, Collected)> {
        let Operation::ListNodes { level, .. } = op else {
            return None;
        };
        let spec = self.backend.schema().level(*level)?;
        spec.collected.map(|c| (*level, c))
    }

    /// Every page of a collected list, merged, with progress after each.
    pub(super) async fn read_collected(
        &self,
        id: RequestId,
        op: &Operation,
        mode: ReadMode,
        (level, collected): (LevelId, Collected),
    ) -> Result<Reply, ApiError> {
        // The validator of a first page vouches for that page alone.
        let mode = match mode {
            ReadMode::Refresh => ReadMode::Load,
            other => other,
        };
        // Reads that check a write are not shown: no progress for them.
        let shown = matches!(mode, ReadMode::Plain | ReadMode::Load);
        let mut ids: HashSet<String> = HashSet::new();
        let mut seen: HashSet<Cursor> = HashSet::new();
        let mut all: Vec<Node> = Vec::new();
        let (mut scanned, mut total) = (0u64, None);
        let mut cursor: Option<Cursor> = None;
        let mut pages = 0usize;
        loop {
            let page = self
                .read_page(id, op, mode, super::streamed::Rows::Whole, cursor.as_ref())
                .await?;
            pages += 1;
            let Reply::Nodes(nodes) = page.reply else {
                return Err(ApiError::Decode {
                    cause: format!(
                        "a page of the list to {} held something other than its items",
                        self.describe(op)
                    ),
                });
            };
            scanned += page.scanned.unwrap_or(nodes.items.len() as u64);
            total = page.total.or(total);
            // First seen wins: a later record's copy of a node adds nothing.
            let new: Vec<Node> = nodes
                .items
                .into_iter()
                .filter(|n| ids.insert(n.id.clone()))
                .collect();
            if shown {
                let _ = self.events.send(ClientEvent::Progress {
                    id,
                    reply: Reply::Nodes(Page {
                        items: new.clone(),
                        next: page.next.clone(),
                        total,
                    }),
                    scanned,
                    total,
                });
            }
            all.extend(new);
            let Some(next) = page.next else {
                break;
            };
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
            cursor = Some(next);
        }
        tracing::debug!(pages, scanned, nodes = all.len(), "read a collected list");
        if collected.remember_created && is_whole_list(op) {
            for node in self.remembered_nodes(level)? {
                if ids.insert(node.id.clone()) {
                    all.push(node);
                }
            }
        }
        Ok(Reply::Nodes(Page::one(all)))
    }

    /// What this profile remembers creating on `level`; an unreadable file fails
    /// the list, so it is seen rather than lost.
    pub(super) fn remembered_nodes(&self, level: LevelId) -> Result<Vec<Node>, ApiError> {
        let Some(remembered) = &self.remembered else {
            return Ok(Vec::new());
        };
        remembered
            .nodes(self.backend.schema(), level)
            .map_err(ApiError::Setup)
    }

    /// Writes down a node a confirmed create made on a level that remembers them.
    pub(super) fn remember_created(&self, op: &Operation, result: &Result<Reply, ApiError>) {
        let (Operation::CreateNode { level, .. }, Ok(Reply::Node(node)), Some(remembered)) =
            (op, result, &self.remembered)
        else {
            return;
        };
        let remembers = self
            .backend
            .schema()
            .level(*level)
            .and_then(|l| l.collected)
            .is_some_and(|c| c.remember_created);
        if !remembers {
            return;
        }
        if let Err(cause) = remembered.add(self.backend.schema(), node) {
            // The create stands; the list will say the file is unusable.
            tracing::warn!(%cause, node = %node.id, "could not remember the created node");
        }
    }
}

/// An unfiltered list of every node: the one remembered nodes belong in.
fn is_whole_list(op: &Operation) -> bool {
    matches!(op, Operation::ListNodes { parent: None, filter, .. } if filter.fields.is_empty() && filter.states.is_empty())
}
