//! BitGo as a conformance subject: organizations with their child enterprises
//! under them, an enterprise's users and an organization's users as member scopes,
//! and the approvals queue, over the shipped seed (`assets/bitgo/seed.json`). Every
//! BitGo name of the suite is here.

use orgdeck::api::model::{Filter, Operation, Scope};
use orgdeck::api::value::{Changes, Draft, Value};
use orgdeck::backends::bitgo::schema::{
    ADDITIONAL_ADMINS, CREATE_EMAIL, ENTERPRISE, INVITE, ORG_NAME, ORGANIZATION, PERMISSION,
    USERNAME, USERS_TAB,
};
use orgdeck::backends::{self, Entry};

use crate::subject::{Creatable, Lack, Listing, Subject, Tokens, Update};

/// The seed's CaaS organization, with 30 child enterprises.
const NORTHWIND: &str = "40c0fc630e2bd5c7b9f59ddb2de5a130";
/// Northwind's parent enterprise, with five users: more than a page of two.
const PARENT_ENTERPRISE: &str = "36e96df5480278f2bfa6aaa0d45f1369";
/// A child enterprise of Northwind the writes name (the cases that take them send none).
const BEN_STONE: &str = "f117cb54750cc0ce4131e278a67b8900";
/// Northwind's second admin (Bruno), an organization user.
const BRUNO: &str = "6d24a278b3b09246b0ee9a5a49f7b5f3";
/// A seeded pending approval (an enterprise user add, asked by the admin).
const APPROVAL: &str = "94bf83b3dbb13a69293bc58b7923f855";

pub struct BitGoSubject;

fn enterprises_of(org: &str) -> Operation {
    Operation::ListNodes {
        level: ENTERPRISE,
        parent: Some(org.into()),
        filter: Filter::default(),
        page: None,
    }
}

fn get_enterprise(id: &str) -> Operation {
    Operation::GetNode {
        level: ENTERPRISE,
        id: id.into(),
    }
}

fn organizations() -> Operation {
    Operation::ListNodes {
        level: ORGANIZATION,
        parent: None,
        filter: Filter::default(),
        page: None,
    }
}

fn users_of(enterprise: &str) -> Scope {
    Scope::Node {
        level: ENTERPRISE,
        id: enterprise.into(),
        tab: USERS_TAB,
    }
}

fn list(scope: Scope) -> Operation {
    Operation::ListParties {
        scope,
        filter: Filter::default(),
        page: None,
    }
}

/// A child enterprise of Northwind for `email`, made with `key`: each case starts
/// a fresh sandbox, so a fixed key is new there.
fn new_enterprise(email: &str, key: &str) -> Operation {
    Operation::CreateNode {
        level: ENTERPRISE,
        parent: Some(NORTHWIND.into()),
        draft: Draft {
            values: vec![(CREATE_EMAIL, Value::Text(email.into()))],
            idempotency_key: Some(key.into()),
        },
    }
}

/// A child enterprise as above, with `admin` (a user id) as an additional admin.
fn new_enterprise_with_admin(email: &str, admin: &str, key: &str) -> Operation {
    let mut op = new_enterprise(email, key);
    if let Operation::CreateNode { draft, .. } = &mut op {
        draft
            .values
            .push((ADDITIONAL_ADMINS, Value::List(vec![admin.to_owned()])));
    }
    op
}

/// Adds an existing user to an enterprise with one permission.
fn add_user(enterprise: &str, email: &str) -> Operation {
    Operation::AddMembers {
        scope: users_of(enterprise),
        draft: Draft {
            values: vec![
                (USERNAME, Value::Text(email.into())),
                (PERMISSION, Value::Text("auditor".into())),
                (INVITE, Value::Bool(false)),
            ],
            idempotency_key: None,
        },
    }
}

impl Subject for BitGoSubject {
    fn entry(&self) -> &'static Entry {
        backends::find("bitgo").expect("bitgo is registered")
    }

    fn tokens(&self) -> Tokens {
        Tokens {
            admin: "bitgo-northwind-admin",
            reader: "bitgo-northwind-member",
            bad: "bitgo-nobody-at-all",
        }
    }

    /// Not the organizations: the list does not page and the admin belongs to
    /// one organization, which the sandbox's own tests pin (`tests/sandbox/bitgo/
    /// roles.rs` lists one, `store.rs` holds two), so the seed cannot give it a third
    /// without breaking them. Case 8 still reads it, as a list the server may lack.
    fn listings(&self) -> Vec<Listing> {
        vec![
            Listing {
                what: "a CaaS organization's enterprises",
                op: enterprises_of(NORTHWIND),
            },
            Listing {
                what: "an enterprise's users",
                op: list(users_of(PARENT_ENTERPRISE)),
            },
            // An organization's users are its managers' to list, not every reader's:
            // the reader of these cases is a plain member (`tests/client/bitgo.rs` reads them).
            Listing {
                what: "pending approvals",
                op: Operation::ListApprovals {
                    node: None,
                    page: None,
                },
            },
        ]
    }

    /// The same create twice, refused once for its email and once for an admin
    /// id: each with its own key, so the second is a second enterprise.
    fn creatables(&self) -> Vec<Creatable> {
        vec![
            Creatable {
                what: "child enterprise",
                valid: new_enterprise("conformance.customer@mail.example", "conformance-key-1"),
                invalid: new_enterprise("", "conformance-key-2"),
                invalid_field: "email",
                listing: enterprises_of(NORTHWIND),
                read: get_enterprise,
            },
            Creatable {
                what: "child enterprise with an additional admin",
                valid: new_enterprise_with_admin(
                    "second.customer@mail.example",
                    BRUNO,
                    "conformance-key-4",
                ),
                invalid: new_enterprise_with_admin(
                    "third.customer@mail.example",
                    "not-a-user-id",
                    "conformance-key-5",
                ),
                invalid_field: "additionalAdmins",
                listing: enterprises_of(NORTHWIND),
                read: get_enterprise,
            },
        ]
    }

    /// BitGo edits no organization, enterprise or user through this API. What a
    /// write changes in one field of a record the seed holds: a child enterprise
    /// made counts once more in its organization, and nothing else there moves.
    /// (Adding a user to an enterprise changes no record BitGo reads back whole.)
    fn updates(&self) -> Vec<Update> {
        vec![Update {
            what: "an organization's enterprise count, by a child enterprise made",
            read: Operation::GetNode {
                level: ORGANIZATION,
                id: NORTHWIND.into(),
            },
            write: new_enterprise("counted.customer@mail.example", "conformance-key-3"),
            field: "enterpriseCount",
            // The seed's 30 and one more, as `Subject::fields` shows a number.
            value: "Number(31)",
            bookkeeping: &[],
        }]
    }

    fn writes(&self) -> Vec<Operation> {
        vec![
            new_enterprise("read.only@mail.example", "read-only-key"),
            add_user(BEN_STONE, "mira.novak@northwind-caas.example"),
            Operation::RemoveMember {
                scope: users_of(BEN_STONE),
                party: "service@northwind-caas.example".into(),
            },
            Operation::Decide {
                approval: APPROVAL.into(),
                approve: true,
            },
        ]
    }

    fn lacks(&self) -> Vec<Lack> {
        vec![
            Lack {
                op: organizations(),
                method: "GET",
                path: "/api/v2/organization",
                status: 404,
            },
            Lack {
                op: enterprises_of(NORTHWIND),
                method: "GET",
                path: "/api/v2/organization/{id}/enterprise",
                status: 404,
            },
            Lack {
                op: list(users_of(PARENT_ENTERPRISE)),
                method: "GET",
                path: "/api/v1/enterprise/{id}/user",
                status: 404,
            },
            Lack {
                op: Operation::ListApprovals {
                    node: None,
                    page: None,
                },
                method: "GET",
                path: "/api/v2/pendingapprovals",
                status: 404,
            },
            Lack {
                op: new_enterprise("conformance.customer@mail.example", "conformance-key-1"),
                method: "POST",
                path: "/api/v2/organization/{id}/enterprise",
                // A 404 there could be a gateway's for one path; 501 is unambiguous.
                status: 501,
            },
        ]
    }

    /// What the neutral model has and BitGo's API has no request for: nodes are
    /// neither edited, frozen, deleted nor (organizations) created, a user's
    /// permission is not edited in place, and invitations are approvals, so they are
    /// neither resent nor revoked.
    fn undeclared(&self) -> Vec<Operation> {
        vec![
            Operation::DeleteNode {
                level: ENTERPRISE,
                id: BEN_STONE.into(),
            },
            Operation::DeleteNode {
                level: ORGANIZATION,
                id: NORTHWIND.into(),
            },
            Operation::UpdateNode {
                level: ORGANIZATION,
                id: NORTHWIND.into(),
                changes: Changes {
                    values: vec![(ORG_NAME, Value::Text("Renamed".into()))],
                },
            },
            Operation::ToggleNode {
                level: ENTERPRISE,
                id: BEN_STONE.into(),
                on: true,
            },
            Operation::CreateNode {
                level: ORGANIZATION,
                parent: None,
                draft: Draft {
                    values: vec![(ORG_NAME, Value::Text("Conformance Org".into()))],
                    idempotency_key: Some("conformance-org-key".into()),
                },
            },
            Operation::UpdateMember {
                scope: users_of(BEN_STONE),
                party: "kofi.mensah@northwind-caas.example".into(),
                changes: Changes {
                    values: vec![(PERMISSION, Value::Text("admin".into()))],
                },
            },
            Operation::SetMembers {
                level: ENTERPRISE,
                node: BEN_STONE.into(),
                parties: vec![BRUNO.into()],
            },
            Operation::ResendInvite {
                scope: users_of(BEN_STONE),
                party: "service@northwind-caas.example".into(),
            },
            Operation::RevokeInvite {
                scope: users_of(BEN_STONE),
                party: "service@northwind-caas.example".into(),
            },
        ]
    }
}
