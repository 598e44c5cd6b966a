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
        match &self.kind {
            FormKind::CreateOrganization => Some(Operation::CreateOrganization(NewOrganization {
                name: self.value_sent("display-name"),
                domains: self.domains_sent(),
                external_ref: self.optional_sent("external-ref"),
                notes: self.optional_sent("notes"),
            })),
            FormKind::EditOrganization { id } => {
                let changes = self.org_changes()?;
                (!changes.is_empty()).then(|| Operation::UpdateOrganization {
                    id: id.clone(),
                    changes,
                })
            }
            FormKind::Invite => Some(Operation::Invite(self.new_invite())),
            FormKind::EditPerson { id } => {
                let changes = self.person_changes()?;
                (changes != PersonChanges::default()).then(|| Operation::UpdatePerson {
                    id: id.clone(),
                    changes,
                })
            }
        }
    }

    /// A field's value as sent: trimmed, and empty for a field the form lacks.
    fn value_sent(&self, key: &str) -> String {
        self.field(key)
            .map(Field::value)
            .unwrap_or_default()
            .trim()
            .to_owned()
    }

    fn optional_sent(&self, key: &str) -> Option<String> {
        blank_as_none(self.value_sent(key))
    }

    // An edit sends only what the operator changed: a value the form could not
    // read right (an organization that did not load) is never "corrected".
    fn edited(&self, key: &str) -> bool {
        self.field(key).is_some_and(Field::changed)
    }

    fn domains_sent(&self) -> Vec<String> {
        self.field("domains")
            .map(|f| {
                f.items()
                    .iter()
                    .map(|d| d.trim().to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// None when the form holds no organization to compare with.
    fn org_changes(&self) -> Option<OrganizationChanges> {
        let original = self.original_org.as_ref()?;
        let status = match self.value_sent("status").as_str() {
            "suspended" => OrgStatus::Suspended,
            _ => OrgStatus::Active,
        };
        Some(OrganizationChanges {
            name: self
                .edited("display-name")
                .then(|| self.value_sent("display-name"))
                .filter(|n| *n != original.name),
            domains: self
                .edited("domains")
                .then(|| self.domains_sent())
                .filter(|d| *d != original.domains),
            external_ref: self
                .edited("external-ref")
                .then(|| self.optional_sent("external-ref"))
                .filter(|r| r.as_deref() != trimmed(&original.external_ref)),
            notes: self
                .edited("notes")
                .then(|| self.optional_sent("notes"))
                .filter(|n| n.as_deref() != trimmed(&original.notes)),
            status: self
                .edited("status")
                .then_some(status)
                .filter(|s| *s != original.status),
        })
    }

    fn new_invite(&self) -> NewInvite {
        let role = self.role();
        NewInvite {
            email: self.value_sent("email"),
            name: self.value_sent("name"),
            last_name: self.value_sent("last-name"),
            agent_type: role
                .is_staff()
                .then(|| self.value_sent("agent-type"))
                .and_then(blank_as_none),
            organization: if role.is_staff() {
                None
            } else {
                self.field("organization").and_then(Field::picked)
            },
            role,
        }
    }

    /// None when the form holds no person to compare with. Hidden fields (the
    /// organization of staff, the agent type of a customer) are never sent, whatever
    /// they hold.
    fn person_changes(&self) -> Option<PersonChanges> {
        let original = self.original_person.as_ref()?;
        let role = self.role();
        let status = match self.value_sent("status").as_str() {
            "suspended" => PersonStatus::Suspended,
            "pending" => PersonStatus::Pending,
            _ => PersonStatus::Active,
        };
        let agent_type = blank_as_none(self.value_sent("agent-type"));
        let auto_assign = self.value_sent("auto-assign-tickets") == "true";
        Some(PersonChanges {
            name: self
                .edited("name")
                .then(|| self.value_sent("name"))
                .filter(|n| *n != original.name),
            last_name: self
                .edited("last-name")
                .then(|| self.value_sent("last-name"))
                .filter(|n| *n != original.last_name),
            role: self
                .edited("type")
                .then(|| role.clone())
                .filter(|r| *r != original.role),
            status: self
                .edited("status")
                .then_some(status)
                .filter(|s| *s != original.status),
            organization: (!role.is_staff() && self.edited("organization"))
                .then(|| self.field("organization").and_then(Field::picked))
                .filter(|o| *o != original.organization),
            agent_type: (role.is_staff() && self.edited("agent-type"))
                .then_some(agent_type)
                .filter(|a| *a != original.agent_type),
            auto_assign: (role.is_staff() && self.edited("auto-assign-tickets"))
                .then_some(auto_assign)
                .filter(|a| Some(*a) != original.auto_assign),
        })
    }
}

/// The server's value as the form compares it: trimmed, as the form trims what it reads.
fn trimmed(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).and_then(blank_as_none)
}
