//! Where the operator is: a stack of screens (tenants › a level's nodes › a node's
//! children or its member tabs › a detail view), each with its own selection and
//! filter, so going back restores exactly what was there. The levels, tabs and
//! views are the backend's schema's.

use crate::api::model::ValueRef;
use crate::api::model::{Node, Party};
use crate::api::schema::{LevelId, PartyFilter, Schema, TabId, ViewId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Node { level: LevelId, id: String },
    Party(String),
    Approval(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Tenants,
    /// The nodes of `level`: the top level's, or those under `parent`.
    Nodes {
        tenant: usize,
        level: LevelId,
        parent: Option<String>,
    },
    /// One of a node's member tabs.
    Node {
        tenant: usize,
        level: LevelId,
        id: String,
        tab: TabId,
    },
    /// One of the backend's tenant-wide lists of parties (all users, staff).
    View {
        tenant: usize,
        view: ViewId,
    },
    Detail {
        tenant: usize,
        subject: Subject,
    },
    /// The tenant's queue of changes awaiting approval.
    Approvals {
        tenant: usize,
    },
    /// Every notice and error of the run, newest first (`:messages`).
    Messages,
    /// Every HTTP exchange of the run, newest first (`:requests`).
    Requests,
}

impl Screen {
    /// The list of a schema's top level.
    pub fn top(schema: &Schema, tenant: usize) -> Option<Screen> {
        schema.top_level().map(|level| Screen::Nodes {
            tenant,
            level: level.id,
            parent: None,
        })
    }

    pub fn tenant(&self) -> Option<usize> {
        match self {
            Screen::Tenants | Screen::Messages | Screen::Requests => None,
            Screen::Nodes { tenant, .. }
            | Screen::Node { tenant, .. }
            | Screen::View { tenant, .. }
            | Screen::Detail { tenant, .. }
            | Screen::Approvals { tenant } => Some(*tenant),
        }
    }

    /// Screens that list people (and so offer invite, resend, revoke).
    pub fn lists_people(&self) -> bool {
        matches!(self, Screen::Node { .. } | Screen::View { .. })
    }
}

/// A screen plus its list position and filter.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub screen: Screen,
    pub selected: usize,
    pub filter: String,
    pub filtering: bool,
    /// Indices into the screen's source list that pass the filter, in order.
    pub rows: Vec<usize>,
    /// The screen, data generation and filter `rows` were computed for.
    pub(crate) rows_key: Option<(Screen, u64, String)>,
    /// `G` was the last key, pressed while the list was still arriving: the cursor
    /// stays on the last row as the rest comes in.
    pub(crate) last_row_pending: bool,
    /// The ids of the parties marked (Space) for one removal together.
    pub marked: Vec<String>,
    /// Where the node's other tabs were left, for a node's tab: Tab returns to
    /// each as it was.
    pub(crate) tab_places: Vec<super::tabs::TabPlace>,
    /// The column sorted by and the one focused (`:sort`, `o`, `<`, `>`).
    pub sort: super::sort::Sorting,
    /// The first row on screen, kept by `scroll::follow` after every message.
    pub offset: usize,
    /// How far `rows` reach into the list, and the rows of recent filters.
    pub(crate) memo: super::rows_memo::RowsMemo,
}

impl Level {
    pub fn new(screen: Screen) -> Level {
        Level {
            screen,
            selected: 0,
            filter: String::new(),
            filtering: false,
            rows: Vec::new(),
            rows_key: None,
            last_row_pending: false,
            marked: Vec::new(),
            tab_places: Vec::new(),
            sort: super::sort::Sorting::default(),
            offset: 0,
            memo: Default::default(),
        }
    }

    pub fn selected_row(&self) -> Option<usize> {
        self.rows.get(self.selected).copied()
    }

    pub fn clamp(&mut self) {
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.rows.is_empty() {
            self.selected = 0;
            return;
        }
        let last = self.rows.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }
}

/// The text a filter matches against for a node: its name, its id and the
/// fields its level searches.
pub fn org_haystack(schema: &Schema, node: &Node) -> String {
    let mut text = String::with_capacity(node.name.len() + node.id.len() + 64);
    text.push_str(&node.name);
    text.push(' ');
    text.push_str(&node.id);
    text.push(' ');
    if let Some(level) = schema.level(node.level) {
        let values = level
            .search
            .iter()
            .map(|f| node.record.get(level.fields, *f));
        push_record(&mut text, values);
    }
    lowercase(text)
}

/// The text a filter matches against for a party: the fields the schema searches.
pub fn person_haystack(schema: &Schema, party: &Party) -> String {
    let values = || schema.party_search.iter().map(|f| party.get(schema, *f));
    // Sized exactly: 100k of these stay for as long as the list does.
    let mut text = String::with_capacity(text_len(values()));
    push_record(&mut text, values());
    lowercase(text)
}

/// What `push_record` writes for these values, in bytes.
fn text_len<'a>(values: impl Iterator<Item = ValueRef<'a>>) -> usize {
    values
        .map(|value| match value {
            ValueRef::List(items) => items.iter().map(|i| i.len() + 1).sum(),
            other => other.as_text().map_or(0, |t| t.len() + 1),
        })
        .sum()
}

fn push_record<'a>(text: &mut String, values: impl Iterator<Item = ValueRef<'a>>) {
    for value in values {
        match value {
            ValueRef::List(items) => {
                for item in items.iter() {
                    text.push_str(item);
                    text.push(' ');
                }
            }
            other => {
                if let Some(part) = other.as_text() {
                    text.push_str(part);
                    text.push(' ');
                }
            }
        }
    }
}

/// Lower-cases in place when the text is ASCII (nearly always), else the slow way.
fn lowercase(mut text: String) -> String {
    if text.is_ascii() {
        text.make_ascii_lowercase();
        text
    } else {
        text.to_lowercase()
    }
}

/// The view that holds everyone: the tenant-wide list every people screen is cut from.
/// Not a view read page by page: it is never held whole, so nothing can be cut
/// from it (its backend lists each node's parties on their own).
pub fn everyone_view(schema: &Schema) -> Option<ViewId> {
    schema
        .everyone_view()
        .filter(|view| schema.view(*view).is_some_and(|v| v.lazy.is_none()))
}

/// The paging of a tenant-wide view read page by page, if it is.
pub fn lazy_view(schema: &Schema, view: ViewId) -> Option<crate::api::schema::LazyPaging> {
    schema.view(view)?.lazy
}

/// Whether a view holds everyone, so a list need not ask each person.
pub fn view_is_everyone(schema: &Schema, view: ViewId) -> bool {
    schema.view(view).is_some_and(|v| v.holds_everyone())
}

/// Whether a party passes a view's filter: its role field holds one of the
/// filter's roles, and it is in one of its states (each when the filter names any).
pub fn party_in(schema: &Schema, party: &Party, filter: &PartyFilter) -> bool {
    let role_ok = filter.roles.is_empty()
        || schema.party_role.is_some_and(|field| {
            party
                .get(schema, field)
                .as_text()
                .is_some_and(|role| filter.roles.contains(&role))
        });
    role_ok && (filter.states.is_empty() || filter.states.contains(&party.state))
}

/// Whether a person belongs in a people screen (before filtering).
pub fn person_in(schema: &Schema, screen: &Screen, person: &Party) -> bool {
    match screen {
        Screen::Node { level, id, tab, .. } => {
            let states = schema
                .level(*level)
                .and_then(|l| l.tab(*tab))
                .map_or(&[][..], |t| t.states);
            person
                .membership(id)
                .is_some_and(|m| states.contains(&m.state))
        }
        Screen::View { view, .. } => schema
            .view(*view)
            .is_some_and(|v| party_in(schema, person, &v.filter)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{MemberState, Membership};
    use crate::api::schema::{Level as LevelSpec, MemberStateName, Tab as TabSpec};

    fn customer_of(org: &str, state: MemberState) -> Party {
        Party::new(
            "jane@acme.com",
            crate::api::model::PartyKind::User,
            state,
            crate::api::model::Record::default(),
            Box::new([Membership {
                node: org.into(),
                role: None,
                state,
            }]),
        )
    }

    /// The default schema's first (members) or second (invites) tab of org_1.
    fn tab(tenant: usize, index: usize) -> Screen {
        let level = crate::backends::schema().top_level().expect("a level");
        Screen::Node {
            tenant,
            level: level.id,
            id: "org_1".into(),
            tab: level.tabs[index].id,
        }
    }

    #[test]
    fn a_tab_holds_the_memberships_in_the_states_its_schema_names() {
        let schema = crate::backends::schema();
        let active = customer_of("org_1", MemberState::Active);
        let pending = customer_of("org_1", MemberState::Invited);
        assert!(person_in(schema, &tab(0, 0), &active));
        assert!(!person_in(schema, &tab(0, 1), &active));
        assert!(person_in(schema, &tab(0, 1), &pending));
        assert!(!person_in(
            schema,
            &tab(0, 0),
            &customer_of("org_2", MemberState::Active)
        ));
        // Another schema whose first tab lists only suspended members.
        let level = schema.top_level().expect("a level");
        let tabs: Vec<TabSpec> = level
            .tabs
            .iter()
            .map(|t| TabSpec {
                states: &[MemberStateName::Suspended],
                ..*t
            })
            .collect();
        let levels: &'static [LevelSpec] = Box::leak(Box::new([LevelSpec {
            tabs: Box::leak(tabs.into_boxed_slice()),
            ..*level
        }]));
        let other = Schema { levels, ..*schema };
        assert!(!person_in(&other, &tab(0, 0), &active));
    }
}
