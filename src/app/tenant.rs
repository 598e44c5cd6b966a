//! One tenant as the console holds it: who you are there, its organizations and
//! people, and what is derived from them (counts, id indexes), each folded or
//! built as the rows come rather than in passes over the whole list.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::api::backend::Backend;
use crate::api::model::{Caller, Capabilities, Capability, Node, Party};
use crate::api::schema::{LevelId, Schema, TabId, ViewId};

use super::screens::Screen;

use super::remote::Remote;
use super::screens;
use super::tenant_index::{Folded, IdIndex, index_by_id};

/// Per-organization counts derived from the people list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrgCounts {
    pub members: usize,
    pub pending: usize,
}

pub use super::listed::{Listed, NodeList, PartyList};

/// A node's tab: its level, its id and the tab.
pub type TabKey = (LevelId, String, TabId);

/// The backend a tenant talks to, kept for what it declares (its role matrix).
#[derive(Clone)]
struct Declared(Arc<dyn Backend>);

impl fmt::Debug for Declared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

#[derive(Debug, Clone)]
pub struct Tenant {
    pub profile: String,
    pub base_url: String,
    pub read_only: bool,
    /// Why this tenant cannot be used at all (its token could not be read...).
    pub setup_error: Option<String>,
    pub me: Remote<Caller>,
    /// Why who-am-I last failed, for telling a server down from a refused token
    /// (see `health`).
    pub(crate) me_error: Option<crate::api::error::ApiError>,
    pub latency: Option<Duration>,
    /// The nodes of the backend's top level.
    pub orgs: Remote<Vec<Node>>,
    /// How far the walk collecting the top level's list has come (a level
    /// declaring `Collected`).
    pub walk: super::collect::Walk,
    /// The nodes of lower levels, by level and parent, each loaded when first opened.
    pub children: HashMap<(LevelId, String), NodeList>,
    /// Every party the tenant-wide list holds, each with its memberships.
    pub people: Remote<Vec<Party>>,
    /// For a backend without a tenant-wide list: each node tab's parties, loaded
    /// when the tab is first opened.
    pub members: HashMap<TabKey, PartyList>,
    /// The tenant-wide views read page by page, each as far as it is loaded.
    pub views: HashMap<ViewId, PartyList>,
    /// Parties' own records, read for their details where a list holds less.
    pub records: HashMap<String, Party>,
    /// The changes awaiting approval, and the writes answered "held" per tab.
    pub approvals: super::approvals::ApprovalQueue,
    /// Folded as the people arrive (and, for a list answered whole, on first use):
    /// never a pass over the whole list nor a second copy of the people.
    pub(super) counts: RefCell<Folded>,
    /// What the backend declares, less what the server has shown it lacks
    /// (`ClientEvent::CapabilityLost`).
    pub capabilities: Capabilities,
    /// None for a tenant built without one (tests of the console alone): then no
    /// role is restricted here and the server alone decides.
    backend: Option<Declared>,
    /// Bumped whenever orgs or people are replaced, so cached rows know they are old.
    pub(crate) generation: u64,
    /// The generation the people list was last replaced in: since then it only
    /// grew, so rows worked out from an earlier generation since then still hold.
    pub(crate) people_since: u64,
    /// A refresh's rows as they arrive, gathered aside while the whole list they
    /// will replace stays on screen.
    pub(super) aside: Option<super::streaming::Aside>,
    /// Whether the people list was read again for a row count that did not add
    /// up, so that a server always miscounting is not read in a loop.
    pub(super) recounted: bool,
    pub(crate) orgs_text: Vec<String>,
    /// Id → position, read from the rows themselves (a few bytes a person), and
    /// extended on use to the rows that arrived since.
    pub(super) person_index: RefCell<IdIndex>,
    org_index: OnceCell<HashMap<String, usize>>,
}

impl Tenant {
    pub fn new(profile: impl Into<String>, base_url: impl Into<String>, read_only: bool) -> Tenant {
        Tenant {
            profile: profile.into(),
            base_url: base_url.into(),
            read_only,
            setup_error: None,
            me: Remote::default(),
            me_error: None,
            latency: None,
            orgs: Remote::default(),
            walk: Default::default(),
            children: HashMap::new(),
            people: Remote::default(),
            members: HashMap::new(),
            views: HashMap::new(),
            records: HashMap::new(),
            approvals: Default::default(),
            counts: RefCell::default(),
            capabilities: Capabilities::default(),
            backend: None,
            generation: 0,
            people_since: 0,
            aside: None,
            recounted: false,
            orgs_text: Vec::new(),
            person_index: RefCell::default(),
            org_index: OnceCell::new(),
        }
    }

    /// The backend this tenant talks to: its capabilities and role matrix decide
    /// what the console offers.
    pub fn with_backend(mut self, backend: Arc<dyn Backend>) -> Tenant {
        self.capabilities = Capabilities::default();
        self.backend = Some(Declared(backend));
        self
    }

    /// Whether the backend lets `role` use `capability` (on their own user when
    /// `on_self`).
    pub fn role_allows(&self, role: &str, capability: Capability, on_self: bool) -> bool {
        self.backend
            .as_ref()
            .is_none_or(|b| b.0.role_allows(role, capability, on_self))
    }

    /// What this tenant's screens are drawn from: its backend's schema, or the
    /// default backend's for a tenant built without one.
    pub fn schema(&self) -> &'static Schema {
        self.backend
            .as_ref()
            .map_or_else(crate::backends::schema, |b| b.0.schema())
    }

    /// A node of any level by id: the top level's through its index, a lower
    /// level's from the lists loaded so far.
    pub fn org(&self, id: &str) -> Option<&Node> {
        let top = self.orgs.data.as_deref().and_then(|orgs| {
            let index = self.org_index.get_or_init(|| index_by_id(orgs, |o| &o.id));
            orgs.get(*index.get(id)?)
        });
        top.or_else(|| {
            self.children
                .values()
                .filter_map(|c| c.list.data.as_deref())
                .find_map(|nodes| nodes.iter().find(|n| n.id == id))
        })
    }

    /// The nodes of `level` under `parent` (none: the top level's), if asked for.
    pub fn nodes(&self, level: LevelId, parent: Option<&str>) -> Option<&Remote<Vec<Node>>> {
        match parent {
            None => (self.schema().top_level().map(|l| l.id) == Some(level)).then_some(&self.orgs),
            Some(parent) => self
                .children
                .get(&(level, parent.to_owned()))
                .map(|c| &c.list),
        }
    }

    /// The same, to load into: a lower level's list is made when first asked for.
    pub(crate) fn nodes_mut(
        &mut self,
        level: LevelId,
        parent: Option<&str>,
    ) -> Option<&mut Remote<Vec<Node>>> {
        match parent {
            None => {
                (self.schema().top_level().map(|l| l.id) == Some(level)).then_some(&mut self.orgs)
            }
            Some(parent) => Some(
                &mut self
                    .children
                    .entry((level, parent.to_owned()))
                    .or_default()
                    .list,
            ),
        }
    }

    /// The search text of those nodes, in their order.
    pub(crate) fn nodes_text(&self, level: LevelId, parent: Option<&str>) -> &[String] {
        match parent {
            None => &self.orgs_text,
            Some(parent) => self
                .children
                .get(&(level, parent.to_owned()))
                .map_or(&[][..], |c| &c.text),
        }
    }

    /// How many of the rows of `level` under `parent` are the server's search
    /// matches beyond the loaded pages, and where they start.
    pub(crate) fn found_rows(&self, level: LevelId, parent: Option<&str>) -> Option<usize> {
        let list = self.children.get(&(level, parent?.to_owned()))?;
        list.pages.search.found.as_ref()?;
        Some(list.pages.paged)
    }

    /// The same for a view read page by page.
    pub(crate) fn found_in_view(&self, view: ViewId) -> Option<usize> {
        let list = self.views.get(&view)?;
        list.pages.search.found.as_ref()?;
        Some(list.pages.paged)
    }

    /// Rebuilds a lazy view's search text after its first page replaced it.
    pub(crate) fn reindex_view(&mut self, view: ViewId) {
        self.generation += 1;
        let schema = self.schema();
        if let Some(list) = self.views.get_mut(&view) {
            list.text = list
                .list
                .data
                .iter()
                .flatten()
                .map(|p| screens::person_haystack(schema, p))
                .collect();
        }
    }

    /// Rebuilds the search text of `level`'s nodes under `parent`, after they were
    /// replaced.
    pub(crate) fn reindex_nodes(&mut self, level: LevelId, parent: Option<&str>) {
        let Some(parent) = parent else {
            return self.reindex_orgs();
        };
        self.generation += 1;
        let schema = self.schema();
        if let Some(children) = self.children.get_mut(&(level, parent.to_owned())) {
            children.text = children
                .list
                .data
                .iter()
                .flatten()
                .map(|node| screens::org_haystack(schema, node))
                .collect();
        }
    }

    /// A node's fresh copy (a re-read, a write's answer) in place of the one a
    /// list holds; false when no list loaded here holds it.
    pub(crate) fn node_replaced(&mut self, node: Node) -> bool {
        if let Some(orgs) = self.orgs.data.as_mut()
            && let Some(at) = orgs.iter().position(|o| o.id == node.id)
        {
            orgs[at] = node;
            self.reindex_orgs();
            return true;
        }
        let held = self.children.iter_mut().find_map(|(key, list)| {
            let nodes = list.list.data.as_mut()?;
            let at = nodes.iter().position(|n| n.id == node.id)?;
            Some((key.clone(), &mut nodes[at]))
        });
        let Some(((level, parent), slot)) = held else {
            return false;
        };
        *slot = node;
        self.reindex_nodes(level, Some(&parent));
        true
    }

    pub fn person(&self, id: &str) -> Option<&Party> {
        if let Some(record) = self.records.get(id) {
            return Some(record);
        }
        let everyone = self.people.data.as_deref().and_then(|people| {
            let at = self.person_index.borrow_mut().find(people, id)?;
            people.get(at)
        });
        everyone.or_else(|| {
            self.members
                .values()
                .chain(self.views.values())
                .filter_map(|m| m.list.data.as_deref())
                .find_map(|people| people.iter().find(|p| p.id() == id))
        })
    }

    /// Whether this backend lists parties per node tab: it has no tenant-wide list
    /// to cut the tabs from.
    pub fn per_node(&self) -> bool {
        screens::everyone_view(self.schema()).is_none()
    }

    /// The node tab a screen shows, when its parties are listed per node.
    pub fn tab_key(&self, screen: &Screen) -> Option<TabKey> {
        match screen {
            Screen::Node { level, id, tab, .. } if self.per_node() => {
                Some((*level, id.clone(), *tab))
            }
            _ => None,
        }
    }

    /// The list a people screen's rows come from: its node tab's own, or the
    /// tenant-wide one it is cut from.
    pub fn parties(&self, screen: &Screen) -> Option<&Remote<Vec<Party>>> {
        if let Some(view) = self.lazy_view(screen) {
            return self.views.get(&view).map(|v| &v.list);
        }
        match self.tab_key(screen) {
            Some(key) => self.members.get(&key).map(|m| &m.list),
            None => screen.lists_people().then_some(&self.people),
        }
    }

    /// The view a screen shows, when it is read page by page.
    pub fn lazy_view(&self, screen: &Screen) -> Option<ViewId> {
        match screen {
            Screen::View { view, .. } if screens::lazy_view(self.schema(), *view).is_some() => {
                Some(*view)
            }
            _ => None,
        }
    }

    /// The search text of those parties, in their order; none for the
    /// tenant-wide people list, which is matched on the fly (`matching`).
    pub(crate) fn parties_text(&self, screen: &Screen) -> &[String] {
        if let Some(view) = self.lazy_view(screen) {
            return self.views.get(&view).map_or(&[][..], |v| &v.text);
        }
        match self.tab_key(screen) {
            Some(key) => self.members.get(&key).map_or(&[][..], |m| &m.text),
            None => &[],
        }
    }

    /// Whether `screen` is cut from the tenant-wide people list.
    pub(crate) fn cut_from_people(&self, screen: &Screen) -> bool {
        screen.lists_people() && self.lazy_view(screen).is_none() && self.tab_key(screen).is_none()
    }

    /// A node tab's list, to load into (made when first asked for).
    pub(crate) fn members_mut(&mut self, key: TabKey) -> &mut Remote<Vec<Party>> {
        &mut self.members.entry(key).or_default().list
    }

    /// Rebuilds a node tab's search text after its parties were replaced.
    pub(crate) fn reindex_members(&mut self, key: &TabKey) {
        self.generation += 1;
        let schema = self.schema();
        if let Some(members) = self.members.get_mut(key) {
            members.text = members
                .list
                .data
                .iter()
                .flatten()
                .map(|p| screens::person_haystack(schema, p))
                .collect();
        }
    }

    pub fn counts_of(&self, org: &str) -> OrgCounts {
        self.fold_counts();
        self.counts.borrow().of(org)
    }

    /// Folds the people not yet counted into the counts per organization.
    pub(crate) fn fold_counts(&self) {
        let people = self.people.data.as_deref().unwrap_or_default();
        self.counts.borrow_mut().fold(people);
    }

    /// Whether the whole people list is held: not nothing, not its first rows only.
    pub fn people_complete(&self) -> bool {
        self.people.data.is_some() && !self.people.is_partial()
    }

    pub fn role(&self) -> Option<&str> {
        self.me.data.as_ref().map(|me| me.role.as_str())
    }

    /// Rebuilds the organizations' search text and forgets their id index, after
    /// the organizations were replaced.
    pub(crate) fn reindex_orgs(&mut self) {
        self.generation += 1;
        let schema = self.schema();
        self.orgs_text = self
            .orgs
            .data
            .iter()
            .flatten()
            .map(|node| screens::org_haystack(schema, node))
            .collect();
        self.org_index = OnceCell::new();
    }

    /// The organizations from `from` on are new (a collected list grew, or went,
    /// with `from` 0): their search text joins the rest, and the id index is
    /// built again when next used.
    pub(crate) fn orgs_grew(&mut self, from: usize) {
        self.generation += 1;
        let schema = self.schema();
        let orgs = self.orgs.data.as_deref().unwrap_or_default();
        self.orgs_text.truncate(from);
        self.orgs_text.extend(
            orgs[from.min(orgs.len())..]
                .iter()
                .map(|node| screens::org_haystack(schema, node)),
        );
        self.org_index = OnceCell::new();
    }

    /// Forgets what was derived from the previous people list (counts, id
    /// index); each is folded again as the rows come or when first needed.
    pub(crate) fn people_replaced(&mut self) {
        self.generation += 1;
        self.people_since = self.generation;
        self.person_index = RefCell::default();
        self.counts = RefCell::default();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::api::model::MemberState;
    use crate::api::model::Membership;
    use crate::api::value::Value;

    fn people(count: usize) -> Vec<Party> {
        let schema = crate::backends::schema();
        (0..count)
            .map(|n| {
                let state = if n % 5 == 0 {
                    MemberState::Invited
                } else {
                    MemberState::Active
                };
                let email = format!("user{n}@example.com");
                Party::new(
                    &email,
                    crate::api::model::PartyKind::User,
                    state,
                    crate::api::model::Record::read(schema.party_fields, |field| {
                        if field == schema.party_label {
                            Value::Text(email.clone())
                        } else {
                            Value::Empty
                        }
                    }),
                    Box::new([Membership {
                        node: format!("org-{}", n % 7).into(),
                        role: None,
                        state,
                    }]),
                )
            })
            .collect()
    }

    fn loaded(count: usize) -> Tenant {
        let mut tenant = Tenant::new("t", "http://127.0.0.1:1", false);
        tenant.people.loaded(people(count), Instant::now());
        tenant.people_replaced();
        tenant
    }

    #[test]
    fn people_are_found_by_id_and_the_index_follows_rows_that_arrive_later() {
        let mut tenant = loaded(50);
        assert_eq!(
            tenant.person("user49@example.com").map(Party::id),
            Some("user49@example.com")
        );
        assert!(tenant.person("user50@example.com").is_none());
        if let Some(people) = tenant.people.data.as_mut() {
            people.extend(self::people(60).into_iter().skip(50));
        }
        assert_eq!(
            tenant.person("user59@example.com").map(Party::id),
            Some("user59@example.com"),
            "rows after the index was first built are found too"
        );
        tenant.people.loaded(people(3), Instant::now());
        tenant.people_replaced();
        assert!(tenant.person("user49@example.com").is_none());
        assert!(tenant.person("user2@example.com").is_some());
    }

    #[test]
    fn counts_are_derived_on_first_use() {
        let tenant = loaded(70);
        let org0 = tenant.counts_of("org-0");
        // org-0 holds n = 0, 7, ..., 63: ten people; n % 5 == 0 among them: 0, 35 pending.
        assert_eq!(org0.pending, 2);
        assert_eq!(org0.members, 8);
        assert_eq!(tenant.counts_of("nowhere"), OrgCounts::default());
    }
}
