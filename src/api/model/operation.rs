//! What an operator can ask any backend, over the levels, tabs and views its
//! schema declares, and what comes back. Payloads are the forms' `Draft` (every
//! value of a new thing, with its idempotency key) and `Changes` (only what
//! changed), keyed by schema field: no vendor's field is named here.

use super::capability::{Capability, Target, Verb};
use super::node::Node;
use super::page::{Cursor, Page};
use super::party::{Caller, MemberState, Party};
use crate::api::approval::Approval;
use crate::api::schema::{FieldId, Level, LevelId, TabId, ViewId};
use crate::api::value::{Changes, Draft};

/// A write's answer when it has nothing else to show: the server's confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteNote {
    pub message: String,
}

/// Where parties are listed and changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    Tenant(ViewId),
    Node {
        level: LevelId,
        id: String,
        tab: TabId,
    },
}

impl Scope {
    pub fn target(&self) -> Target {
        match self {
            Scope::Tenant(view) => Target::View(*view),
            Scope::Node { level, tab, .. } => Target::Tab(*level, *tab),
        }
    }
}

/// A list's filter: values by the field each filters on, and membership states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub fields: Vec<(FieldId, Vec<String>)>,
    pub states: Vec<MemberState>,
}

impl Filter {
    pub fn values(&self, field: FieldId) -> &[String] {
        self.fields
            .iter()
            .find(|(id, _)| *id == field)
            .map_or(&[][..], |(_, v)| v.as_slice())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    WhoAmI,
    ListNodes {
        level: LevelId,
        parent: Option<String>,
        filter: Filter,
        page: Option<Cursor>,
    },
    GetNode {
        level: LevelId,
        id: String,
    },
    /// One node by a field's value (MuninX: the organization owning a domain).
    FindNode {
        level: LevelId,
        field: FieldId,
        value: String,
    },
    CreateNode {
        level: LevelId,
        parent: Option<String>,
        draft: Draft,
    },
    UpdateNode {
        level: LevelId,
        id: String,
        changes: Changes,
    },
    /// Into the level's toggle's "on" state (suspend) or back.
    ToggleNode {
        level: LevelId,
        id: String,
        on: bool,
    },
    DeleteNode {
        level: LevelId,
        id: String,
    },
    ListParties {
        scope: Scope,
        filter: Filter,
        page: Option<Cursor>,
    },
    GetParty {
        id: String,
    },
    /// Invite new parties or add existing ones.
    AddMembers {
        scope: Scope,
        draft: Draft,
    },
    /// Replace a node's members with these parties (Sequence's PUT).
    SetMembers {
        level: LevelId,
        node: String,
        parties: Vec<String>,
    },
    UpdateMember {
        scope: Scope,
        party: String,
        changes: Changes,
    },
    RemoveMember {
        scope: Scope,
        party: String,
    },
    ResendInvite {
        scope: Scope,
        party: String,
    },
    RevokeInvite {
        scope: Scope,
        party: String,
    },
    /// Pending approvals, of one node (an enterprise) or of all the caller sees.
    ListApprovals {
        node: Option<String>,
        page: Option<Cursor>,
    },
    Decide {
        approval: String,
        approve: bool,
    },
}

impl Operation {
    /// An edit of a node: the level's toggle when the changes only move its toggle
    /// field between its two states, so roles and refusals see a suspend as one.
    pub fn update_node(level: &Level, id: String, changes: Changes) -> Operation {
        if let Some(toggle) = level.toggle
            && let [(field, value)] = changes.values.as_slice()
            && *field == toggle.field
        {
            let text = value.as_text().map(str::trim);
            if text == Some(toggle.on.0) || text == Some(toggle.off.0) {
                return Operation::ToggleNode {
                    level: level.id,
                    id,
                    on: text == Some(toggle.on.0),
                };
            }
        }
        Operation::UpdateNode {
            level: level.id,
            id,
            changes,
        }
    }

    pub fn capability(&self) -> Capability {
        let (verb, target) = match self {
            Operation::WhoAmI => (Verb::Read, Target::Caller),
            Operation::ListNodes { level, .. } => (Verb::List, Target::Level(*level)),
            Operation::GetNode { level, .. } => (Verb::Read, Target::Level(*level)),
            Operation::FindNode { level, .. } => (Verb::Find, Target::Level(*level)),
            Operation::CreateNode { level, .. } => (Verb::Create, Target::Level(*level)),
            Operation::UpdateNode { level, .. } => (Verb::Update, Target::Level(*level)),
            Operation::ToggleNode { level, .. } => (Verb::Toggle, Target::Level(*level)),
            Operation::DeleteNode { level, .. } => (Verb::Delete, Target::Level(*level)),
            Operation::ListParties { scope, .. } => (Verb::List, scope.target()),
            Operation::GetParty { .. } => (Verb::Read, Target::Parties),
            Operation::AddMembers { scope, .. } => (Verb::Invite, scope.target()),
            Operation::SetMembers { level, .. } => (Verb::SetMembers, Target::Level(*level)),
            Operation::UpdateMember { scope, .. } => (Verb::UpdateMember, scope.target()),
            Operation::RemoveMember { scope, .. } => (Verb::RemoveMember, scope.target()),
            Operation::ResendInvite { scope, .. } => (Verb::Resend, scope.target()),
            Operation::RevokeInvite { scope, .. } => (Verb::Revoke, scope.target()),
            Operation::ListApprovals { .. } => (Verb::List, Target::Approvals),
            Operation::Decide { .. } => (Verb::Decide, Target::Approvals),
        };
        Capability::new(verb, target)
    }

    pub fn is_write(&self) -> bool {
        self.capability().is_write()
    }

    /// Two reads with the same key ask for the same data, so a newer one makes an
    /// older one in flight pointless. Writes have none: each one counts.
    pub fn read_key(&self) -> Option<String> {
        (!self.is_write()).then(|| format!("{self:?}"))
    }

    /// The page of a list it asks for (`None`: the first, or not a list).
    pub fn page_cursor(&self) -> Option<&Cursor> {
        match self {
            Operation::ListNodes { page, .. }
            | Operation::ListParties { page, .. }
            | Operation::ListApprovals { page, .. } => page.as_ref(),
            _ => None,
        }
    }

    /// The idempotency key a write carries, if its draft has one.
    pub fn idempotency_key(&self) -> Option<&str> {
        match self {
            Operation::CreateNode { draft, .. } | Operation::AddMembers { draft, .. } => {
                draft.idempotency_key.as_deref()
            }
            _ => None,
        }
    }
}

/// What a backend answered to an operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Caller(Caller),
    Nodes(Page<Node>),
    Node(Node),
    /// Parties, each with its memberships.
    Parties(Page<Party>),
    Party(Party),
    Approvals(Page<Approval>),
    /// The server holds the write until it is approved (a 202).
    Pending(Approval),
    /// A write with nothing to show: the server's confirmation text.
    Done(WriteNote),
    /// The data the caller holds is still current.
    Unchanged,
    /// A list read with `ClientHandle::stream` ended whole: its `rows` came
    /// before, in `ClientEvent::Rows`, and are not repeated here.
    Streamed {
        rows: u64,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::value::Value;
    use crate::backends::muninx::schema::{
        DISPLAY_NAME, INVITES, ORGANIZATION, SCHEMA, STATUS, USERS,
    };

    fn level() -> &'static Level {
        SCHEMA.level(ORGANIZATION).unwrap()
    }

    fn changes(values: &[(FieldId, &str)]) -> Changes {
        Changes {
            values: values
                .iter()
                .map(|(id, v)| (*id, Value::Text((*v).to_owned())))
                .collect(),
        }
    }

    #[test]
    fn an_edit_of_only_the_toggle_field_is_the_toggle() {
        let suspend =
            Operation::update_node(level(), "co-1".into(), changes(&[(STATUS, "suspended")]));
        assert_eq!(
            suspend,
            Operation::ToggleNode {
                level: ORGANIZATION,
                id: "co-1".into(),
                on: true
            }
        );
        assert_eq!(suspend.capability().verb, Verb::Toggle);
        let back = Operation::update_node(level(), "co-1".into(), changes(&[(STATUS, "active")]));
        assert!(matches!(back, Operation::ToggleNode { on: false, .. }));
        let rename = Operation::update_node(
            level(),
            "co-1".into(),
            changes(&[(DISPLAY_NAME, "New"), (STATUS, "active")]),
        );
        assert_eq!(
            rename.capability(),
            Capability::new(Verb::Update, Target::Level(ORGANIZATION))
        );
    }

    #[test]
    fn capabilities_name_the_scope_an_operation_acts_in() {
        let tab = Scope::Node {
            level: ORGANIZATION,
            id: "co-1".into(),
            tab: INVITES,
        };
        let revoke = Operation::RevokeInvite {
            scope: tab.clone(),
            party: "a@b.c".into(),
        };
        assert_eq!(
            revoke.capability(),
            Capability::new(Verb::Revoke, Target::Tab(ORGANIZATION, INVITES))
        );
        let list = Operation::ListParties {
            scope: Scope::Tenant(USERS),
            filter: Filter::default(),
            page: None,
        };
        assert_eq!(
            list.capability(),
            Capability::new(Verb::List, Target::View(USERS))
        );
        assert_eq!(
            Operation::WhoAmI.capability(),
            Capability::new(Verb::Read, Target::Caller)
        );
    }

    #[test]
    fn reads_have_keys_that_tell_pages_and_filters_apart_and_writes_have_none() {
        let first = Operation::ListNodes {
            level: ORGANIZATION,
            parent: None,
            filter: Filter::default(),
            page: None,
        };
        let second = Operation::ListNodes {
            level: ORGANIZATION,
            parent: None,
            filter: Filter::default(),
            page: Some(Cursor::new("2")),
        };
        assert!(!first.is_write());
        assert_eq!(first.read_key(), first.clone().read_key());
        assert_ne!(first.read_key(), second.read_key());
        let filtered = Operation::ListNodes {
            level: ORGANIZATION,
            parent: None,
            filter: Filter {
                fields: vec![(STATUS, vec!["active".into()])],
                states: Vec::new(),
            },
            page: None,
        };
        assert_ne!(first.read_key(), filtered.read_key());
        let delete = Operation::DeleteNode {
            level: ORGANIZATION,
            id: "co-1".into(),
        };
        assert!(delete.is_write());
        assert_eq!(delete.read_key(), None);
        let decide = Operation::Decide {
            approval: "ap-1".into(),
            approve: true,
        };
        assert!(decide.is_write());
        assert!(
            !Operation::ListApprovals {
                node: None,
                page: None
            }
            .is_write()
        );
    }

    #[test]
    fn a_draft_gets_a_key_only_where_creates_are_idempotent_and_keeps_it() {
        assert!(!SCHEMA.idempotent_creates);
        let plain = Draft::opened(&SCHEMA, || unreachable!("MuninX creates take no key"));
        assert_eq!(plain.idempotency_key, None);
        let idempotent = crate::api::schema::Schema {
            idempotent_creates: true,
            ..SCHEMA
        };
        let opened = Draft::opened(&idempotent, || "k-1".to_owned());
        let filled = opened.with_values(vec![(DISPLAY_NAME, Value::Text("Acme".into()))]);
        let refilled = filled.with_values(Vec::new());
        let create = Operation::CreateNode {
            level: ORGANIZATION,
            parent: None,
            draft: refilled,
        };
        assert_eq!(create.idempotency_key(), Some("k-1"));
        assert_eq!(filled.get(DISPLAY_NAME), Some(&Value::Text("Acme".into())));
    }
}
