//! MuninX as a conformance subject: one level (customer organizations), a
//! tenant-wide users list, and an organization's members and pending invites as
//! member scopes, over the shipped seed. Every MuninX name of the suite is here
//! (through `support::ops`, which spells the operations in MuninX's schema words).

use orgdeck::api::model::{MemberState, Operation, Scope};
use orgdeck::api::value::{Changes, Draft, Value};
use orgdeck::backends::{self, Entry};

use crate::subject::{Creatable, Lack, Listing, Subject, Tokens, Update};
use crate::support::ops::{self, fields};
use crate::support::{ADMIN, AGENT, OTHER_CUSTOMER, PENDING_CUSTOMER};

/// The seed's first organization, with five active and two pending customers.
const ORG: &str = "co-acme-01";

pub struct MuninXSubject;

fn text(value: &str) -> Value {
    Value::Text(value.to_owned())
}

/// A new organization's draft, with `domains` as its domains.
fn new_organization(domains: &[&str]) -> Operation {
    ops::create_org_with(vec![
        (fields::DISPLAY_NAME, text("Conformance Ltd")),
        (
            fields::DOMAINS,
            Value::List(domains.iter().map(|d| (*d).to_owned()).collect()),
        ),
        (fields::NOTES, text("made by the conformance suite")),
    ])
}

/// An invite of a new customer of `ORG` at `email`.
fn new_invite(email: &str) -> Operation {
    ops::invite(email, "Conformance", "Person", "customer", Some(ORG))
}

fn invite_draft(email: &str) -> Draft {
    match new_invite(email) {
        Operation::AddMembers { draft, .. } => draft,
        other => panic!("an invite adds members: {other:?}"),
    }
}

/// Every scope people are listed and changed in: the tenant-wide views and the
/// seed's first organization's tabs.
fn scopes() -> Vec<Scope> {
    let views = [ops::everyone(), ops::staff_view(), ops::invites_view()];
    let tabs = [ops::org_tab(ORG, fields::MEMBERS), ops::invites_tab(ORG)];
    views.into_iter().chain(tabs).collect()
}

/// The one-user writes of each scope, on the seed's people: an edit, and a
/// resend and a revoke of a pending invite. The read-only case refuses each before
/// anything is sent, so the seed never changes under them.
fn person_writes(scope: Scope) -> [Operation; 4] {
    [
        Operation::AddMembers {
            scope: scope.clone(),
            draft: invite_draft("read.only@acme-ltd.com"),
        },
        Operation::UpdateMember {
            scope: scope.clone(),
            party: OTHER_CUSTOMER.into(),
            changes: Changes {
                values: vec![(fields::NAME, text("Renamed"))],
            },
        },
        Operation::ResendInvite {
            scope: scope.clone(),
            party: PENDING_CUSTOMER.into(),
        },
        Operation::RevokeInvite {
            scope,
            party: PENDING_CUSTOMER.into(),
        },
    ]
}

impl Subject for MuninXSubject {
    fn entry(&self) -> &'static Entry {
        backends::find("muninx").expect("muninx is registered")
    }

    fn tokens(&self) -> Tokens {
        Tokens {
            admin: ADMIN,
            reader: AGENT,
            bad: "sandbox-nobody-at-all",
        }
    }

    fn listings(&self) -> Vec<Listing> {
        vec![
            Listing {
                what: "customer organizations",
                op: ops::list_orgs(),
            },
            Listing {
                what: "users (tenant-wide)",
                op: ops::list_people(),
            },
            Listing {
                what: "members of an organization",
                op: ops::members_of(ORG),
            },
            Listing {
                what: "pending invites",
                op: ops::list_people_in(&[MemberState::Invited]),
            },
        ]
    }

    fn creatables(&self) -> Vec<Creatable> {
        vec![
            Creatable {
                what: "customer organization",
                valid: new_organization(&["conformance.example"]),
                invalid: new_organization(&["not a domain"]),
                invalid_field: "domains",
                listing: ops::list_orgs(),
                read: ops::get_org,
            },
            Creatable {
                what: "invited user",
                valid: new_invite("conformance.person@acme-ltd.com"),
                invalid: new_invite("not-an-email"),
                invalid_field: "email",
                listing: ops::list_people(),
                read: ops::get_person,
            },
        ]
    }

    fn updates(&self) -> Vec<Update> {
        vec![
            Update {
                what: "an organization's notes",
                read: ops::get_org(ORG),
                write: ops::set_notes(ORG, Some("changed by the conformance suite")),
                field: "notes",
                value: "changed by the conformance suite",
                bookkeeping: &["updated-at"],
            },
            Update {
                what: "a user's name",
                read: ops::get_person(OTHER_CUSTOMER),
                write: ops::edit_person(OTHER_CUSTOMER, vec![(fields::NAME, text("Renamed"))]),
                field: "name",
                value: "Renamed",
                bookkeeping: &[],
            },
        ]
    }

    fn writes(&self) -> Vec<Operation> {
        let mut writes: Vec<Operation> = self.creatables().into_iter().map(|c| c.valid).collect();
        writes.extend(self.updates().into_iter().map(|u| u.write));
        writes.extend([ops::suspend_org(ORG), ops::delete_org(ORG)]);
        writes.extend(scopes().into_iter().flat_map(person_writes));
        writes
    }

    /// A server without `GET /customer-organizations/{id}` is not here: one
    /// organization is then read from the list, which `client::servers` covers.
    fn lacks(&self) -> Vec<Lack> {
        vec![
            Lack {
                op: ops::list_orgs(),
                method: "GET",
                path: "/customer-organizations",
                status: 404,
            },
            Lack {
                op: ops::delete_org(ORG),
                method: "DELETE",
                path: "/customer-organizations/{id}",
                status: 405,
            },
            Lack {
                op: new_organization(&["conformance.example"]),
                method: "POST",
                path: "/customer-organizations",
                // A 404 there could be a gateway's for one path; 501 is unambiguous.
                status: 501,
            },
        ]
    }

    /// What the neutral model has and MuninX has no request for: members are
    /// moved by editing a user's organization, and there are no approvals.
    fn undeclared(&self) -> Vec<Operation> {
        vec![
            Operation::RemoveMember {
                scope: ops::org_tab(ORG, fields::MEMBERS),
                party: OTHER_CUSTOMER.into(),
            },
            Operation::SetMembers {
                level: fields::ORGANIZATION,
                node: ORG.into(),
                parties: vec![OTHER_CUSTOMER.into()],
            },
            Operation::ListApprovals {
                node: None,
                page: None,
            },
            Operation::Decide {
                approval: "ap-1".into(),
                approve: true,
            },
        ]
    }
}
