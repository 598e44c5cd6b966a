//! Flowkiwi as a conformance subject: partner organizations (read a page at a
//! time), an organization's owners and members and its invitations, over the
//! shipped seed (`assets/flowkiwi/seed.json`), once as API Platform 4 serves
//! Hydra (plain keys) and once as API Platform 3 does (`hydra:`-prefixed). Every
//! Flowkiwi name of the suite is here. Flowkiwi has no read-only role: any partner
//! may create an organization, and what they may do in one is per organization.

use orgdeck::api::model::{Filter, Operation, Scope};
use orgdeck::api::value::{Changes, Draft, Value};
use orgdeck::backends::flowkiwi::sandbox::{self, SandboxConfig};
use orgdeck::backends::flowkiwi::schema::{
    EMAIL, INVITATIONS_TAB, MEMBERS_TAB, ORG_NAME, ORGANIZATION, ROLE,
};
use orgdeck::backends::{self, Entry, Starting};

use crate::subject::{Creatable, Lack, Listing, Subject, Tokens, Update};

/// Acme Corp: Jane owns it; its five invitations are more than a page of two.
const ACME_CORP: &str = "0196f3a0-1111-7000-8000-000000000001";
/// Kiwi Ventures: Jane, Sam and Olga own it together (three people, each of them
/// one of the suite's tokens' partners, so the reader lists it too).
const KIWI_VENTURES: &str = "0196f3a0-1111-7000-8000-000000000004";
/// Sam, a member of Acme Corp (the writes name him; the cases that take them send none).
const SAM: &str = "0196f3a0-2222-7000-8000-000000000002";
/// Nora's pending invitation to Acme Corp, which the writes name.
const INVITATION: &str = "0196f3a0-4444-7000-8000-000000000003";

/// The plain spelling (`prefix: false`) or the `hydra:` one.
pub struct FlowkiwiSubject {
    pub prefix: bool,
}

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

fn tab(tab: orgdeck::api::schema::TabId) -> Scope {
    tab_of(ACME_CORP, tab)
}

fn tab_of(org: &str, tab: orgdeck::api::schema::TabId) -> Scope {
    Scope::Node {
        level: ORGANIZATION,
        id: org.into(),
        tab,
    }
}

fn list(scope: Scope) -> Operation {
    Operation::ListParties {
        scope,
        filter: Filter::default(),
        page: None,
    }
}

fn new_organization(name: &str) -> Operation {
    Operation::CreateNode {
        level: ORGANIZATION,
        parent: None,
        draft: Draft {
            values: vec![(ORG_NAME, Value::Text(name.into()))],
            idempotency_key: None,
        },
    }
}

fn rename(name: &str) -> Operation {
    Operation::UpdateNode {
        level: ORGANIZATION,
        id: ACME_CORP.into(),
        changes: Changes {
            values: vec![(ORG_NAME, Value::Text(name.into()))],
        },
    }
}

fn add(scope: Scope, email: &str) -> Operation {
    Operation::AddMembers {
        scope,
        draft: Draft {
            values: vec![
                (EMAIL, Value::Text(email.into())),
                (ROLE, Value::Word("member")),
            ],
            idempotency_key: None,
        },
    }
}

impl Subject for FlowkiwiSubject {
    fn entry(&self) -> &'static Entry {
        backends::find("flowkiwi").expect("flowkiwi is registered")
    }

    fn start_sandbox(&self) -> Starting {
        let hydra_prefix = self.prefix;
        Box::pin(async move {
            sandbox::start(SandboxConfig {
                hydra_prefix,
                ..SandboxConfig::default()
            })
            .await
        })
    }

    fn tokens(&self) -> Tokens {
        Tokens {
            admin: "fk-jane-token",
            reader: "fk-sam-token",
            bad: "fk-nobody-at-all",
        }
    }

    fn has_read_only_role(&self) -> bool {
        false
    }

    fn listings(&self) -> Vec<Listing> {
        vec![
            Listing {
                what: "the organizations Jane belongs to",
                op: organizations(),
            },
            Listing {
                what: "Kiwi Ventures' owners",
                op: list(tab_of(KIWI_VENTURES, MEMBERS_TAB)),
            },
            Listing {
                what: "Acme Corp's invitations",
                op: list(tab(INVITATIONS_TAB)),
            },
        ]
    }

    /// Organizations: an invitation or a member is read back only through its
    /// organization's list (Flowkiwi has no read of one person the client can
    /// name without it), which `tests/client/flowkiwi.rs` covers.
    fn creatables(&self) -> Vec<Creatable> {
        vec![Creatable {
            what: "organization",
            valid: new_organization("Conformance Partners"),
            invalid: new_organization("   "),
            invalid_field: "name",
            listing: organizations(),
            read: get_organization,
        }]
    }

    fn updates(&self) -> Vec<Update> {
        vec![Update {
            what: "an organization's name, by merge-patch",
            read: get_organization(ACME_CORP),
            write: rename("Acme Corporation"),
            field: "name",
            value: "Acme Corporation",
            bookkeeping: &["updated_at"],
        }]
    }

    fn writes(&self) -> Vec<Operation> {
        vec![
            new_organization("Read Only Partners"),
            rename("Read Only Rename"),
            Operation::DeleteNode {
                level: ORGANIZATION,
                id: ACME_CORP.into(),
            },
            add(tab(MEMBERS_TAB), "olga@nimbus.example"),
            Operation::UpdateMember {
                scope: tab(MEMBERS_TAB),
                party: SAM.into(),
                changes: Changes {
                    values: vec![(ROLE, Value::Word("owner"))],
                },
            },
            Operation::RemoveMember {
                scope: tab(MEMBERS_TAB),
                party: SAM.into(),
            },
            add(tab(INVITATIONS_TAB), "read.only@new.example"),
            Operation::ResendInvite {
                scope: tab(INVITATIONS_TAB),
                party: INVITATION.into(),
            },
            Operation::RevokeInvite {
                scope: tab(INVITATIONS_TAB),
                party: INVITATION.into(),
            },
        ]
    }

    /// The organization list is not in the vendor's public docs, and members and
    /// invitations are orgdeck's own rows of the contract: a real server may lack
    /// any of them.
    fn lacks(&self) -> Vec<Lack> {
        vec![
            Lack {
                op: organizations(),
                method: "GET",
                path: "/api/organizations",
                status: 404,
            },
            Lack {
                op: list(tab(MEMBERS_TAB)),
                method: "GET",
                path: "/api/organizations/{id}/members",
                status: 404,
            },
            Lack {
                op: list(tab(INVITATIONS_TAB)),
                method: "GET",
                path: "/api/organizations/{id}/invitations",
                status: 405,
            },
            Lack {
                op: add(tab(INVITATIONS_TAB), "lacking@new.example"),
                method: "POST",
                path: "/api/organizations/{id}/invitations",
                status: 404,
            },
        ]
    }

    /// What the neutral model has and Flowkiwi's API has no request for.
    fn undeclared(&self) -> Vec<Operation> {
        vec![
            Operation::ToggleNode {
                level: ORGANIZATION,
                id: ACME_CORP.into(),
                on: true,
            },
            Operation::SetMembers {
                level: ORGANIZATION,
                node: ACME_CORP.into(),
                parties: vec![SAM.into()],
            },
            Operation::FindNode {
                level: ORGANIZATION,
                field: ORG_NAME,
                value: "Acme Corp".into(),
            },
            Operation::UpdateMember {
                scope: tab(INVITATIONS_TAB),
                party: INVITATION.into(),
                changes: Changes {
                    values: vec![(ROLE, Value::Word("owner"))],
                },
            },
            Operation::RemoveMember {
                scope: tab(INVITATIONS_TAB),
                party: INVITATION.into(),
            },
            Operation::ListApprovals {
                node: None,
                page: None,
            },
        ]
    }
}
