//! What a form asks the server for. An edit sends only the fields the operator
//! changed: a value the form could not read right (an organization that did not
//! load, an agent type it has no name for) is never "corrected" behind their back.

use super::{Field, Form, FormKind};
use crate::api::model::{
    NewInvite, NewOrganization, Operation, OrgStatus, OrganizationChanges, PersonChanges,
    PersonStatus,
};
use crate::text::blank_as_none;

impl Form {
    /// The operation this form asks for, or None when nothing changed.
    pub fn operation(&self) -> Option<Operation> {
        let text = |key: &str| {
            self.field(key)
                .map(Field::value)
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        let optional = |key: &str| blank_as_none(text(key));
        // An edit sends only what the operator changed: a value the form could not
        // read right (an organization that did not load) is never "corrected".
        let changed = |key: &str| self.field(key).is_some_and(Field::changed);
        let domains = || {
            self.field("domains")
                .map(|f| {
                    f.items()
                        .iter()
                        .map(|d| d.trim().to_ascii_lowercase())
                        .collect()
                })
                .unwrap_or_default()
        };
        match &self.kind {
            FormKind::CreateOrganization => Some(Operation::CreateOrganization(NewOrganization {
                name: text("display-name"),
                domains: domains(),
                external_ref: optional("external-ref"),
                notes: optional("notes"),
            })),
            FormKind::EditOrganization { id } => {
                let original = self.original_org.as_ref()?;
                let status = match text("status").as_str() {
                    "suspended" => OrgStatus::Suspended,
                    _ => OrgStatus::Active,
                };
                let changes = OrganizationChanges {
                    name: changed("display-name")
                        .then(|| text("display-name"))
                        .filter(|n| *n != original.name),
                    domains: changed("domains")
                        .then(domains)
                        .filter(|d| *d != original.domains),
                    external_ref: changed("external-ref")
                        .then(|| optional("external-ref"))
                        .filter(|r| r.as_deref() != trimmed(&original.external_ref)),
                    notes: changed("notes")
                        .then(|| optional("notes"))
                        .filter(|n| n.as_deref() != trimmed(&original.notes)),
                    status: changed("status")
                        .then_some(status)
                        .filter(|s| *s != original.status),
                };
                (!changes.is_empty()).then(|| Operation::UpdateOrganization {
                    id: id.clone(),
                    changes,
                })
            }
            FormKind::Invite => {
                let role = self.role();
                Some(Operation::Invite(NewInvite {
                    email: text("email"),
                    name: text("name"),
                    last_name: text("last-name"),
                    agent_type: role
                        .is_staff()
                        .then(|| text("agent-type"))
                        .and_then(blank_as_none),
                    organization: if role.is_staff() {
                        None
                    } else {
                        self.field("organization").and_then(Field::picked)
                    },
                    role,
                }))
            }
            FormKind::EditPerson { id } => {
                let original = self.original_person.as_ref()?;
                let role = self.role();
                let status = match text("status").as_str() {
                    "suspended" => PersonStatus::Suspended,
                    "pending" => PersonStatus::Pending,
                    _ => PersonStatus::Active,
                };
                let agent_type = blank_as_none(text("agent-type"));
                let auto_assign = text("auto-assign-tickets") == "true";
                // Hidden fields (the organization of staff, the agent type of a
                // customer) are never sent, whatever they hold.
                let changes = PersonChanges {
                    name: changed("name")
                        .then(|| text("name"))
                        .filter(|n| *n != original.name),
                    last_name: changed("last-name")
                        .then(|| text("last-name"))
                        .filter(|n| *n != original.last_name),
                    role: changed("type")
                        .then(|| role.clone())
                        .filter(|r| *r != original.role),
                    status: changed("status")
                        .then_some(status)
                        .filter(|s| *s != original.status),
                    organization: (!role.is_staff() && changed("organization"))
                        .then(|| self.field("organization").and_then(Field::picked))
                        .filter(|o| *o != original.organization),
                    agent_type: (role.is_staff() && changed("agent-type"))
                        .then_some(agent_type)
                        .filter(|a| *a != original.agent_type),
                    auto_assign: (role.is_staff() && changed("auto-assign-tickets"))
                        .then_some(auto_assign)
                        .filter(|a| Some(*a) != original.auto_assign),
                };
                (changes != PersonChanges::default()).then(|| Operation::UpdatePerson {
                    id: id.clone(),
                    changes,
                })
            }
        }
    }
}

/// The server's value as the form compares it: trimmed, as the form trims what it reads.
fn trimmed(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).and_then(blank_as_none)
}
