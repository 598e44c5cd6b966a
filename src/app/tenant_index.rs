//! What a tenant derives from its lists: counts per organization, folded as
//! rows arrive, and ids to positions, read from the rows themselves.

use std::collections::HashMap;
use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashTable};

use super::tenant::OrgCounts;
use crate::api::model::{MemberState, Party};

/// Members and pending invites per organization id, over the first `upto`
/// people of a list: each batch of rows is folded in once, as it arrives.
#[derive(Debug, Clone, Default)]
pub(crate) struct Folded {
    /// foldhash, not SipHash: the fold hashes every customer's organization id
    /// on the console's thread, and SipHash was most of the fold's time.
    by_org: hashbrown::HashMap<std::sync::Arc<str>, OrgCounts>,
    upto: usize,
}

impl Folded {
    /// Folds in the people past those already counted.
    pub(crate) fn fold(&mut self, people: &[Party]) {
        let Some(fresh) = people.get(self.upto..) else {
            // A shorter list than counted is another list: counted afresh.
            *self = Folded::default();
            return self.fold(people);
        };
        for membership in fresh.iter().flat_map(|p| p.memberships.iter()) {
            let counts = match self.by_org.get_mut(&*membership.node) {
                Some(counts) => counts,
                None => self.by_org.entry(membership.node.clone()).or_default(),
            };
            match membership.state {
                MemberState::Invited | MemberState::AwaitingApproval => counts.pending += 1,
                MemberState::Active | MemberState::Suspended => counts.members += 1,
                MemberState::Closed => {}
            }
        }
        self.upto = people.len();
    }

    pub(crate) fn of(&self, org: &str) -> OrgCounts {
        self.by_org.get(org).copied().unwrap_or_default()
    }
}

/// Id → position for a list of people, holding positions only (4 bytes and a
/// control byte a slot): the ids are read from the rows. It covers the first
/// `covered` people and is extended to the rest when next used.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    table: HashTable<u32>,
    covered: usize,
    state: DefaultHashBuilder,
}

impl IdIndex {
    /// Where the person `id` is in `people` (the last of that id, as a map
    /// built in order would say).
    pub(crate) fn find(&mut self, people: &[Party], id: &str) -> Option<usize> {
        self.cover(people);
        let hash = self.state.hash_one(id);
        let at = *self.table.find(hash, |&at| {
            people.get(at as usize).is_some_and(|p| p.id() == id)
        })?;
        Some(at as usize)
    }

    fn cover(&mut self, people: &[Party]) {
        if people.len() < self.covered || people.len() > u32::MAX as usize {
            *self = IdIndex::default();
        }
        let state = &self.state;
        let id_hash = |at: &u32| {
            people
                .get(*at as usize)
                .map_or(0, |p| state.hash_one(p.id()))
        };
        for (at, person) in people.iter().enumerate().skip(self.covered) {
            let id = person.id();
            let same = |held: &u32| people.get(*held as usize).is_some_and(|p| p.id() == id);
            match self.table.entry(state.hash_one(id), same, id_hash) {
                Entry::Occupied(mut held) => *held.get_mut() = at as u32,
                Entry::Vacant(slot) => {
                    slot.insert(at as u32);
                }
            }
        }
        self.covered = people.len();
    }
}

pub(super) fn index_by_id<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (id(item).to_owned(), i))
        .collect()
}
