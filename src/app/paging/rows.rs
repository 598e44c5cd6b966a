//! Which list is read page by page (a level's nodes under a parent, or a
//! tenant-wide view's parties), the request for one of its pages, and how a
//! page's rows join it, whatever the rows are.

use super::Pages;
use crate::api::model::{Cursor, Filter, Node, Operation, Party, Reply, Scope};
use crate::api::schema::{LazyPaging, LevelId, Schema, ViewId};
use crate::app::screens::{self, Screen};
use crate::app::tenant::{Listed, Tenant};

/// A list read page by page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Paged {
    /// The nodes of `level` under `parent`.
    Nodes { level: LevelId, parent: String },
    /// A tenant-wide view of parties.
    View(ViewId),
}

impl Paged {
    /// The list `screen` shows, if it is read page by page.
    pub fn of_screen(t: &Tenant, screen: &Screen) -> Option<Paged> {
        let list = match screen {
            Screen::Nodes {
                level,
                parent: Some(parent),
                ..
            } => Paged::Nodes {
                level: *level,
                parent: parent.clone(),
            },
            Screen::View { view, .. } => Paged::View(*view),
            _ => return None,
        };
        list.lazy(t).map(|_| list)
    }

    /// How it is paged, when it is.
    pub fn lazy(&self, t: &Tenant) -> Option<LazyPaging> {
        match self {
            Paged::Nodes { level, parent } => super::lazy(t, *level, Some(parent)),
            Paged::View(view) => screens::lazy_view(t.schema(), *view),
        }
    }

    /// The read of the page at `page` (the first without one).
    pub fn read(&self, filter: Filter, page: Option<Cursor>) -> Operation {
        match self {
            Paged::Nodes { level, parent } => Operation::ListNodes {
                level: *level,
                parent: Some(parent.clone()),
                filter,
                page,
            },
            Paged::View(view) => Operation::ListParties {
                scope: Scope::Tenant(*view),
                filter,
                page,
            },
        }
    }

    /// What its rows are called: "enterprises", "customers".
    pub fn noun(&self, schema: &Schema) -> &'static str {
        match self {
            Paged::Nodes { level, .. } => schema.level(*level).map_or("nodes", |l| l.nouns.1),
            Paged::View(_) => schema.party_nouns.1,
        }
    }
}

/// A row of a paged list: its id, its search text, and where a reply holds it.
pub(super) trait Row: Sized {
    fn row_id(&self) -> &str;
    fn haystack(&self, schema: &Schema) -> String;
    fn rows(reply: Reply) -> Option<Vec<Self>>;
}

impl Row for Node {
    fn row_id(&self) -> &str {
        &self.id
    }
    fn haystack(&self, schema: &Schema) -> String {
        screens::org_haystack(schema, self)
    }
    fn rows(reply: Reply) -> Option<Vec<Node>> {
        match reply {
            Reply::Nodes(page) => Some(page.items),
            _ => None,
        }
    }
}

impl Row for Party {
    fn row_id(&self) -> &str {
        self.id()
    }
    fn haystack(&self, schema: &Schema) -> String {
        screens::person_haystack(schema, self)
    }
    fn rows(reply: Reply) -> Option<Vec<Party>> {
        match reply {
            Reply::Parties(page) => Some(page.items),
            _ => None,
        }
    }
}

pub(crate) fn pages_mut<'a>(t: &'a mut Tenant, list: &Paged) -> Option<&'a mut Pages> {
    match list {
        Paged::Nodes { level, parent } => t
            .children
            .get_mut(&(*level, parent.clone()))
            .map(|c| &mut c.pages),
        Paged::View(view) => t.views.get_mut(view).map(|v| &mut v.pages),
    }
}

pub(crate) fn pages<'a>(t: &'a Tenant, list: &Paged) -> Option<&'a Pages> {
    match list {
        Paged::Nodes { level, parent } => {
            t.children.get(&(*level, parent.clone())).map(|c| &c.pages)
        }
        Paged::View(view) => t.views.get(view).map(|v| &v.pages),
    }
}

/// Runs `nodes` or `parties` on the list's rows, text and pages.
pub(super) fn with_rows<R>(
    t: &mut Tenant,
    list: &Paged,
    nodes: impl FnOnce(&'static Schema, &mut Listed<Node>) -> R,
    parties: impl FnOnce(&'static Schema, &mut Listed<Party>) -> R,
) -> Option<R> {
    let schema = t.schema();
    match list {
        Paged::Nodes { level, parent } => t
            .children
            .get_mut(&(*level, parent.clone()))
            .map(|l| nodes(schema, l)),
        Paged::View(view) => t.views.get_mut(view).map(|l| parties(schema, l)),
    }
}

/// Where a reply's rows go: after the paged ones (a page), or after those as
/// the server's search matches.
#[derive(Debug, Clone, Copy)]
pub(super) enum Put {
    Page,
    Found,
}

fn put<T: Row>(schema: &Schema, listed: &mut Listed<T>, items: Vec<T>, how: Put) {
    match how {
        Put::Page => append(schema, listed, items),
        Put::Found => add_found(schema, listed, items),
    }
}

/// A reply's rows into the list; false when the list is gone or the reply
/// holds no rows of its kind.
pub(super) fn take_reply(t: &mut Tenant, list: &Paged, reply: Reply, how: Put) -> bool {
    let schema = t.schema();
    match list {
        Paged::Nodes { level, parent } => {
            let listed = t.children.get_mut(&(*level, parent.clone()));
            let (Some(listed), Some(items)) = (listed, Node::rows(reply)) else {
                return false;
            };
            put(schema, listed, items, how);
        }
        Paged::View(view) => {
            let (Some(listed), Some(items)) = (t.views.get_mut(view), Party::rows(reply)) else {
                return false;
            };
            put(schema, listed, items, how);
        }
    }
    true
}

/// The first page is in (its rows already taken as the list): the paging
/// starts over from it.
pub(super) fn begin<T: Row>(listed: &mut Listed<T>, next: Option<Cursor>, total: Option<u64>) {
    let rows = listed.list.data.as_deref().unwrap_or_default();
    let search = std::mem::take(&mut listed.pages.search);
    listed.pages = Pages {
        next,
        total,
        paged: rows.len(),
        ids: rows.iter().map(|r| r.row_id().to_owned()).collect(),
        search: super::Search {
            found: None,
            ..search
        },
        ..Pages::default()
    };
}

/// Puts a page's rows after the paged ones, with their search text, and drops
/// the search matches they hold.
pub(super) fn append<T: Row>(schema: &Schema, listed: &mut Listed<T>, items: Vec<T>) {
    let pages = &mut listed.pages;
    let rows = listed.list.data.get_or_insert_with(Vec::new);
    let paged = pages.paged.min(rows.len());
    let found: Vec<(T, String)> = rows
        .split_off(paged)
        .into_iter()
        .zip(listed.text.split_off(paged.min(listed.text.len())))
        .collect();
    for row in items {
        // A row seen on an earlier page (the list changed under the walk) is not
        // shown twice.
        if pages.ids.insert(row.row_id().to_owned()) {
            listed.text.push(row.haystack(schema));
            rows.push(row);
        }
    }
    pages.paged = rows.len();
    for (row, text) in found {
        if !pages.ids.contains(row.row_id()) {
            rows.push(row);
            listed.text.push(text);
        }
    }
}

/// The server's matches beyond the paged rows go (the filter changed).
pub(super) fn drop_found<T>(listed: &mut Listed<T>) {
    let paged = listed.pages.paged;
    if let Some(rows) = listed.list.data.as_mut() {
        rows.truncate(paged);
    }
    listed.text.truncate(paged);
}

/// The server's matches join the rows, those not among the paged ones.
pub(super) fn add_found<T: Row>(schema: &Schema, listed: &mut Listed<T>, items: Vec<T>) {
    let rows = listed.list.data.get_or_insert_with(Vec::new);
    for row in items {
        if !listed.pages.ids.contains(row.row_id()) {
            listed.text.push(row.haystack(schema));
            rows.push(row);
        }
    }
}
