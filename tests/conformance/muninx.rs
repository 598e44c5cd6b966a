//! MuninX as a conformance subject: one level (customer organizations), a
//! tenant-wide users list, and an organization's members and pending invites as
//! member scopes, over the shipped seed. Every MuninX-typed value of the suite is
//! here.

use orgdeck::api::model::{
    NewInvite, NewOrganization, Operation, OrgStatus, OrganizationChanges, PeopleFilter,
    PersonChanges, PersonStatus, Role,
};
use orgdeck::backends::{self, Entry};

use crate::subject::{Creatable, Lack, Listing, Subject, Tokens, Update};
use crate::support::{ADMIN, AGENT, OTHER_CUSTOMER, PENDING_CUSTOMER};

/// The seed's first organization, with five active and two pending customers.
const ORG: &str = "co-acme-01";

pub struct MuninXSubject;

fn new_organization() -> NewOrganization {
    NewOrganization {
        name: "Conformance Ltd".into(),
        domains: vec!["conformance.example".into()],
        external_ref: None,
        notes: Some("made by the conformance suite".into()),
    }
}

fn new_invite() -> NewInvite {
    NewInvite {
        email: "conformance.person@acme-ltd.com".into(),
        name: "Conformance".into(),
        last_name: "Person".into(),
        role: Role::Customer,
        agent_type: None,
        organization: Some(ORG.into()),
    }
}

fn organizations() -> Operation {
    Operation::ListOrganizations { status: None }
}

fn people() -> Operation {
    Operation::ListPeople(PeopleFilter::default())
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
                op: organizations(),
            },
            Listing {
                what: "users (tenant-wide)",
                op: people(),
            },
            Listing {
                what: "members of an organization",
                op: Operation::ListPeople(PeopleFilter {
                    organization: Some(ORG.into()),
                    ..PeopleFilter::default()
                }),
            },
            Listing {
                what: "pending invites",
                op: Operation::ListPeople(PeopleFilter {
                    statuses: vec![PersonStatus::Pending],
                    ..PeopleFilter::default()
                }),
            },
        ]
    }

    fn creatables(&self) -> Vec<Creatable> {
        vec![
            Creatable {
                what: "customer organization",
                valid: Operation::CreateOrganization(new_organization()),
                invalid: Operation::CreateOrganization(NewOrganization {
                    domains: vec!["not a domain".into()],
                    ..new_organization()
                }),
                invalid_field: "domains",
                listing: organizations(),
                read: |id| Operation::GetOrganization { id: id.into() },
            },
            Creatable {
                what: "invited user",
                valid: Operation::Invite(new_invite()),
                invalid: Operation::Invite(NewInvite {
                    email: "not-an-email".into(),
                    ..new_invite()
                }),
                invalid_field: "email",
                listing: people(),
                read: |id| Operation::GetPerson { id: id.into() },
            },
        ]
    }

    fn updates(&self) -> Vec<Update> {
        vec![
            Update {
                what: "an organization's notes",
                read: Operation::GetOrganization { id: ORG.into() },
                write: Operation::UpdateOrganization {
                    id: ORG.into(),
                    changes: OrganizationChanges {
                        notes: Some(Some("changed by the conformance suite".into())),
                        ..OrganizationChanges::default()
                    },
                },
                field: "notes",
                value: "changed by the conformance suite",
                bookkeeping: &["updated_at"],
            },
            Update {
                what: "a user's name",
                read: Operation::GetPerson {
                    id: OTHER_CUSTOMER.into(),
                },
                write: Operation::UpdatePerson {
                    id: OTHER_CUSTOMER.into(),
                    changes: PersonChanges {
                        name: Some("Renamed".into()),
                        ..PersonChanges::default()
                    },
                },
                field: "name",
                value: "Renamed",
                bookkeeping: &[],
            },
        ]
    }

    fn writes(&self) -> Vec<Operation> {
        let suspend = OrganizationChanges {
            status: Some(OrgStatus::Suspended),
            ..OrganizationChanges::default()
        };
        let mut writes: Vec<Operation> = self.creatables().into_iter().map(|c| c.valid).collect();
        writes.extend(self.updates().into_iter().map(|u| u.write));
        writes.extend([
            Operation::UpdateOrganization {
                id: ORG.into(),
                changes: suspend,
            },
            Operation::DeleteOrganization { id: ORG.into() },
            Operation::ResendInvite {
                id: PENDING_CUSTOMER.into(),
            },
            Operation::RevokeInvite {
                id: PENDING_CUSTOMER.into(),
            },
        ]);
        writes
    }

    /// A server without `GET /customer-organizations/{id}` is not here: one
    /// organization is then read from the list, which `client::servers` covers.
    fn lacks(&self) -> Vec<Lack> {
        vec![
            Lack {
                op: organizations(),
                method: "GET",
                path: "/customer-organizations",
                status: 404,
            },
            Lack {
                op: Operation::DeleteOrganization { id: ORG.into() },
                method: "DELETE",
                path: "/customer-organizations/{id}",
                status: 405,
            },
            Lack {
                op: Operation::CreateOrganization(new_organization()),
                method: "POST",
                path: "/customer-organizations",
                // A 404 there could be a gateway's for one path; 501 is unambiguous.
                status: 501,
            },
        ]
    }

    /// MuninX declares everything the model has.
    fn undeclared(&self) -> Vec<Operation> {
        Vec::new()
    }
}
