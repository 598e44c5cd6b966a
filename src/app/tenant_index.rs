//! What a tenant derives from its lists: counts per organization, ids to
//! positions, and search text built on every core.

use std::collections::HashMap;

use super::tenant::OrgCounts;
use crate::api::model::{MemberState, Party};

pub(super) fn count_by_org(people: &[Party]) -> HashMap<String, OrgCounts> {
    let mut counts: HashMap<String, OrgCounts> = HashMap::new();
    for membership in people.iter().flat_map(|p| p.memberships.iter()) {
        if !counts.contains_key(&*membership.node) {
            counts.insert(membership.node.to_string(), OrgCounts::default());
        }
        let Some(counts) = counts.get_mut(&*membership.node) else {
            continue;
        };
        match membership.state {
            MemberState::Invited | MemberState::AwaitingApproval => counts.pending += 1,
            MemberState::Active | MemberState::Suspended => counts.members += 1,
            MemberState::Closed => {}
        }
    }
    counts
}

/// Maps every item on all cores: 100k search strings take half the time on two.
pub(super) fn build_in_parallel<T: Sync>(
    items: &[T],
    f: &(dyn Fn(&T) -> String + Sync),
) -> Vec<String> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads == 1 || items.len() < 10_000 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let build = move |part: &[T]| part.iter().map(f).collect::<Vec<String>>();
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let thread = std::thread::Builder::new().spawn_scoped(scope, move || build(part));
                (part, thread.ok())
            })
            .collect();
        // Every part must be there, in order, or the text would not line up with
        // the people: a part whose thread could not start or failed is built here.
        parts
            .into_iter()
            .flat_map(|(part, thread)| {
                thread
                    .and_then(|t| t.join().ok())
                    .unwrap_or_else(|| build(part))
            })
            .collect()
    })
}

pub(super) fn index_by_id<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (id(item).to_owned(), i))
        .collect()
}
