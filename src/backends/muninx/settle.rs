//! Whether a MuninX write whose answer was lost took effect: what its reconciling
//! read shows, compared before the write and after it.

use crate::api::backend::Verdict;
use crate::api::error::ApiError;
use crate::api::model::{
    Operation, Organization, OrganizationChanges, Person, PersonChanges, Reply,
};
use crate::text::blank_as_none;

/// What the read before the write and the read after its lost answer say about it.
pub(super) fn verdict(
    write: &Operation,
    before: &Result<Reply, ApiError>,
    after: &Result<Reply, ApiError>,
) -> Verdict {
    // Organizations without domains may share a name: only a new one in the
    // list shows that this create made one.
    if let (
        Operation::CreateOrganization(new),
        Ok(Reply::Organizations(then)),
        Ok(Reply::Organizations(now)),
    ) = (write, before, after)
    {
        let matching = |orgs: &[Organization]| {
            orgs.iter()
                .filter(|o| o.name == new.name.trim() && o.domains.is_empty())
                .count()
        };
        return if matching(now) > matching(then) {
            Verdict::Applied
        } else {
            Verdict::NotApplied
        };
    }
    Verdict::from_reads(shows(write, before), shows(write, after))
}

fn is_not_found(result: &Result<Reply, ApiError>) -> bool {
    matches!(result, Err(err) if err.status() == Some(404))
}

pub(super) fn same_domains(a: &[String], b: &[String]) -> bool {
    let norm = |list: &[String]| {
        let mut list: Vec<String> = list.iter().map(|d| d.trim().to_ascii_lowercase()).collect();
        list.sort();
        list
    };
    norm(a) == norm(b)
}

fn org_has_changes(org: &Organization, changes: &OrganizationChanges) -> bool {
    changes.name.as_ref().is_none_or(|n| n.trim() == org.name)
        && changes
            .domains
            .as_ref()
            .is_none_or(|d| same_domains(d, &org.domains))
        && changes.external_ref.as_ref().is_none_or(|u| {
            u.as_deref().map(str::trim).and_then(blank_as_none) == org.external_ref.as_deref()
        })
        && changes.notes.as_ref().is_none_or(|n| *n == org.notes)
        && changes.status.is_none_or(|s| s == org.status)
}

fn person_has_changes(person: &Person, changes: &PersonChanges) -> bool {
    changes
        .name
        .as_ref()
        .is_none_or(|n| n.trim() == person.name)
        && changes
            .last_name
            .as_ref()
            .is_none_or(|n| n.trim() == person.last_name)
        && changes.role.as_ref().is_none_or(|r| *r == person.role)
        && changes.status.is_none_or(|s| s == person.status)
        && changes
            .organization
            .as_ref()
            .is_none_or(|o| !person.role.is_staff() && *o == person.organization)
        && changes
            .agent_type
            .as_ref()
            .is_none_or(|a| *a == person.agent_type)
        && changes
            .auto_assign
            .is_none_or(|a| Some(a) == person.auto_assign)
}

/// Whether `read` shows the change `write` asks for: `None` when it cannot tell.
fn shows(write: &Operation, read: &Result<Reply, ApiError>) -> Option<bool> {
    if is_not_found(read) {
        return Some(matches!(
            write,
            Operation::DeleteOrganization { .. } | Operation::RevokeInvite { .. }
        ));
    }
    let reply = read.as_ref().ok()?;
    match (write, reply) {
        (Operation::CreateOrganization(new), Reply::Organization(org)) => {
            Some(org.name == new.name.trim() && same_domains(&org.domains, &new.domains))
        }
        (Operation::CreateOrganization(new), Reply::Organizations(orgs)) => Some(
            orgs.iter()
                .any(|o| o.name == new.name.trim() && o.domains.is_empty()),
        ),
        (Operation::UpdateOrganization { changes, .. }, Reply::Organization(org)) => {
            Some(org_has_changes(org, changes))
        }
        (Operation::DeleteOrganization { .. } | Operation::RevokeInvite { .. }, _) => Some(false),
        (Operation::Invite(invite), Reply::Person(person)) => Some(
            person.name == invite.name.trim()
                && person.last_name == invite.last_name.trim()
                && person.role == invite.role,
        ),
        (Operation::UpdatePerson { changes, .. }, Reply::Person(person)) => {
            Some(person_has_changes(person, changes))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::NewOrganization;
    use crate::api::problem::{Context, normalise};
    use crate::backends::muninx::{organization, wire};

    #[test]
    fn reconciling_a_delete_tells_done_from_already_gone() {
        let op = Operation::DeleteOrganization { id: "co-1".into() };
        let gone = || {
            Err(ApiError::Rejected(Box::new(normalise(
                404,
                None,
                b"",
                Context::default(),
            ))))
        };
        let there = Ok(Reply::Organization(named("Acme", &[])));
        assert_eq!(verdict(&op, &there, &gone()), Verdict::Applied);
        assert_eq!(verdict(&op, &gone(), &gone()), Verdict::AlreadySo);
        assert_eq!(verdict(&op, &there, &there), Verdict::NotApplied);
        let timeout = || {
            Err(ApiError::Timeout {
                after: std::time::Duration::from_secs(1),
            })
        };
        assert_eq!(verdict(&op, &there, &timeout()), Verdict::Unknown);
        // Gone now, but nobody knows whether it was there before.
        assert_eq!(verdict(&op, &timeout(), &gone()), Verdict::Unknown);
    }

    fn named(name: &str, domains: &[&str]) -> Organization {
        organization(wire::CustomerOrganization {
            id: format!("co-{name}"),
            tenant_id: "acme".into(),
            display_name: name.into(),
            domains: domains.iter().map(|d| (*d).to_owned()).collect(),
            external_ref: None,
            notes: None,
            status: wire::OrgStatus::Active,
            created_at: "2026-01-01T00:00:00Z".parse().unwrap(),
            updated_at: "2026-01-01T00:00:00Z".parse().unwrap(),
        })
    }

    #[test]
    fn a_create_that_found_its_organization_already_there_is_not_applied() {
        let op = Operation::CreateOrganization(NewOrganization {
            name: "Dropco".into(),
            domains: vec!["dropco.example".into()],
            ..Default::default()
        });
        let existing = || Ok(Reply::Organization(named("Dropco", &["dropco.example"])));
        let other = Ok(Reply::Organization(named("Other", &["dropco.example"])));
        assert_eq!(verdict(&op, &existing(), &existing()), Verdict::AlreadySo);
        assert_eq!(verdict(&op, &other, &other), Verdict::NotApplied);

        // Without domains names may repeat: only a new one counts.
        let bare = Operation::CreateOrganization(NewOrganization {
            name: "Nodomco".into(),
            ..Default::default()
        });
        let one = || Ok(Reply::Organizations(vec![named("Nodomco", &[])]));
        let two = Ok(Reply::Organizations(vec![
            named("Nodomco", &[]),
            named("Nodomco", &[]),
        ]));
        assert_eq!(verdict(&bare, &one(), &two), Verdict::Applied);
        assert_eq!(verdict(&bare, &one(), &one()), Verdict::NotApplied);
    }
}
