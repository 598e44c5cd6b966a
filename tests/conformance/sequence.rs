//! Sequence as a conformance subject: customer organizations (collected from the
//! customers), an organization's owner and members, and the tenant-wide customers,
//! over the shipped seed (`assets/sequence/seed.json`). Every Sequence name of the
//! suite is here. Sequence has no roles, so there is no reader that may not write.

use orgdeck::api::model::{Filter, Operation, Scope};
use orgdeck::api::value::{Changes, Draft, Value};
use orgdeck::backends::sequence::schema::{
    ADD_CUSTOMERS, CUSTOMERS, MEMBERS, MEMBERS_TAB, ORGANIZATION, OWNER, OWNER_NAME,
};
use orgdeck::backends::{self, Entry};

use crate::subject::{Creatable, Lack, Listing, Subject, Tokens, Update};

/// Redwood Legal Ltd's organization: the owner and three members.
const REDWOOD_ORG: &str = "d34a8fb8-7089-4268-b89a-724009f0992a";
const REDWOOD: &str = "e3a707d6-6550-4ac4-87b7-097b9b01f7cc";
const SABLE: &str = "8cce8914-7da8-402e-93c3-8b33217adc6b";
// Customers in no organization the cases change.
const ECHO: &str = "a827f5a3-b76d-454d-8535-dcf45ff0066f";
const DUNE: &str = "a16854c6-da89-4524-b494-a73d33fba0d0";
const BEACON: &str = "4053bcf1-de45-4397-bc7b-3b1669da8a2e";

pub struct SequenceSubject;

fn organizations() -> Operation {
    Operation::ListNodes {
        level: ORGANIZATION,
        parent: None,
        filter: Filter::default(),
        page: None,
    }
}

fn get_organization(id: &str) -> Operation {
    Operation::GetNode {
        level: ORGANIZATION,
        id: id.into(),
    }
}

fn members_of(org: &str) -> Scope {
    Scope::Node {
        level: ORGANIZATION,
        id: org.into(),
        tab: MEMBERS_TAB,
    }
}

fn list(scope: Scope) -> Operation {
    Operation::ListParties {
        scope,
        filter: Filter::default(),
        page: None,
    }
}

fn ids(ids: &[&str]) -> Value {
    Value::List(ids.iter().map(|id| (*id).to_owned()).collect())
}

fn new_organization(owner: &str, members: &[&str]) -> Operation {
    Operation::CreateNode {
        level: ORGANIZATION,
        parent: None,
        draft: Draft {
            values: vec![(OWNER, Value::Text(owner.into())), (MEMBERS, ids(members))],
            idempotency_key: None,
        },
    }
}

fn add_members(org: &str, customers: &[&str]) -> Operation {
    Operation::AddMembers {
        scope: members_of(org),
        draft: Draft {
            values: vec![(ADD_CUSTOMERS, ids(customers))],
            idempotency_key: None,
        },
    }
}

impl Subject for SequenceSubject {
    fn entry(&self) -> &'static Entry {
        backends::find("sequence").expect("sequence is registered")
    }

    /// Any API client may do everything: the reader is the seed's second client.
    fn tokens(&self) -> Tokens {
        Tokens {
            admin: "seq-northwind-client:seq-northwind-secret",
            reader: "seq-readonly-client:seq-readonly-secret",
            bad: "seq-nobody-client:not-a-secret",
        }
    }

    fn has_read_only_role(&self) -> bool {
        false
    }

    fn listings(&self) -> Vec<Listing> {
        vec![
            Listing {
                what: "customer organizations, collected from every customer",
                op: organizations(),
            },
            Listing {
                what: "an organization's owner and members",
                op: list(members_of(REDWOOD_ORG)),
            },
            Listing {
                what: "customers",
                op: list(Scope::Tenant(CUSTOMERS)),
            },
        ]
    }

    fn creatables(&self) -> Vec<Creatable> {
        vec![
            Creatable {
                what: "organization with members",
                valid: new_organization(ECHO, &[DUNE, BEACON]),
                // The owner cannot also be a member.
                invalid: new_organization(ECHO, &[ECHO]),
                invalid_field: "memberIds",
                listing: organizations(),
                read: get_organization,
            },
            Creatable {
                what: "organization with no members",
                valid: new_organization(BEACON, &[]),
                invalid: new_organization("no-such-customer", &[]),
                invalid_field: "ownerId",
                listing: organizations(),
                read: get_organization,
            },
        ]
    }

    /// Organizations are not edited, only their members: adding one counts once
    /// more. The member names and ids are that same list, so they move with it.
    fn updates(&self) -> Vec<Update> {
        vec![Update {
            what: "an organization's member count, by a member added",
            read: get_organization(REDWOOD_ORG),
            write: add_members(REDWOOD_ORG, &[DUNE]),
            field: "memberCount",
            value: "Number(4)",
            bookkeeping: &["members", "memberIds"],
        }]
    }

    fn writes(&self) -> Vec<Operation> {
        vec![
            new_organization(ECHO, &[DUNE]),
            add_members(REDWOOD_ORG, &[DUNE]),
            Operation::SetMembers {
                level: ORGANIZATION,
                node: REDWOOD_ORG.into(),
                parties: vec![SABLE.into()],
            },
        ]
    }

    fn lacks(&self) -> Vec<Lack> {
        vec![
            Lack {
                op: organizations(),
                method: "GET",
                path: "/api/customers",
                status: 404,
            },
            Lack {
                op: list(Scope::Tenant(CUSTOMERS)),
                method: "GET",
                path: "/api/customers",
                status: 404,
            },
            Lack {
                op: new_organization(ECHO, &[DUNE]),
                method: "POST",
                path: "/api/customer-organizations",
                status: 501,
            },
        ]
    }

    /// What the neutral model has and Sequence's API has no request for:
    /// organizations are neither renamed, suspended nor deleted, members are
    /// replaced as a list rather than removed or edited one by one, and there are
    /// no invitations or approvals.
    fn undeclared(&self) -> Vec<Operation> {
        let tab = members_of(REDWOOD_ORG);
        vec![
            Operation::UpdateNode {
                level: ORGANIZATION,
                id: REDWOOD_ORG.into(),
                changes: Changes {
                    values: vec![(OWNER_NAME, Value::Text("Renamed".into()))],
                },
            },
            Operation::ToggleNode {
                level: ORGANIZATION,
                id: REDWOOD_ORG.into(),
                on: true,
            },
            Operation::DeleteNode {
                level: ORGANIZATION,
                id: REDWOOD_ORG.into(),
            },
            Operation::RemoveMember {
                scope: tab.clone(),
                party: SABLE.into(),
            },
            Operation::UpdateMember {
                scope: tab.clone(),
                party: SABLE.into(),
                changes: Changes::default(),
            },
            Operation::ResendInvite {
                scope: tab.clone(),
                party: SABLE.into(),
            },
            Operation::RevokeInvite {
                scope: tab,
                party: SABLE.into(),
            },
            Operation::ResendInvite {
                scope: Scope::Tenant(CUSTOMERS),
                party: REDWOOD.into(),
            },
            Operation::RevokeInvite {
                scope: Scope::Tenant(CUSTOMERS),
                party: REDWOOD.into(),
            },
            Operation::ListApprovals {
                node: None,
                page: None,
            },
        ]
    }
}
