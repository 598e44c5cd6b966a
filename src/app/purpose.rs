//! Why each request was sent, so its answer lands in the right place (and an
//! answer nobody waits for any more is dropped).

use std::time::Instant;

use super::{paging, replace};
use crate::api::model::Operation;

/// Why a request was sent, so its answer lands in the right place (and an answer
/// nobody waits for any more is dropped).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Purpose {
    Me {
        started: Instant,
    },
    /// The parties of a node's tab, for a backend that lists them per node.
    Members {
        level: crate::api::schema::LevelId,
        id: String,
        tab: crate::api::schema::TabId,
    },
    /// The nodes of a level under a parent (none: the top level's).
    Nodes {
        level: crate::api::schema::LevelId,
        parent: Option<String>,
    },
    /// A page after the first of a list read page by page.
    Page {
        list: paging::Paged,
    },
    /// The server's search for what a filter holds, on such a list.
    Search {
        list: paging::Paged,
        text: String,
    },
    /// The first page of a tenant-wide view read page by page.
    View {
        view: crate::api::schema::ViewId,
    },
    People,
    /// The tenant's queue of pending approvals.
    Approvals,
    /// A party's own record, read for its details (see `actions::read_record`).
    Record {
        id: String,
    },
    /// A form's parties picker searching a view on the server for `text`.
    Pick {
        field: crate::api::schema::FieldId,
        text: String,
    },
    Submit,
    /// A node read again before its members are replaced.
    Recheck(Box<replace::Replace>),
    /// `what` names it while it is in flight ("Suspend Acme Ltd"), `done` once done;
    /// `op` is what was sent, for what its answer changes beyond a refresh (a
    /// write held for approval, an approval decided).
    Action {
        what: String,
        done: String,
        op: Box<Operation>,
    },
}

impl Purpose {
    /// Loading the top level's nodes, for a schema that has levels.
    pub(crate) fn top(schema: &crate::api::schema::Schema) -> Option<Purpose> {
        schema.top_level().map(|level| Purpose::Nodes {
            level: level.id,
            parent: None,
        })
    }
}
