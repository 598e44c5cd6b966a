//! The backend-neutral domain: organizations (with optional parent/owner, since later
//! backends have hierarchies), people (members and pending invites are people with a
//! status), roles, and the operations an operator can ask for. Backends translate
//! these to and from their wire formats.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub use crate::api::approval::Approval;
pub use crate::api::page::Cursor;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Admin,
    Agent,
    Customer,
    /// A role this model has no name for yet (other backends), kept as the server wrote it.
    Other(String),
}

impl Role {
    pub fn parse(text: &str) -> Role {
        match text.trim().to_ascii_lowercase().as_str() {
            "admin" => Role::Admin,
            "agent" => Role::Agent,
            "customer" => Role::Customer,
            _ => Role::Other(text.trim().to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Role::Admin => "admin",
            Role::Agent => "agent",
            Role::Customer => "customer",
            Role::Other(name) => name,
        }
    }

    /// Staff work for the tenant; customers belong to customer organizations.
    pub fn is_staff(&self) -> bool {
        matches!(self, Role::Admin | Role::Agent)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrgStatus {
    Active,
    Suspended,
}

impl OrgStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgStatus::Active => "active",
            OrgStatus::Suspended => "suspended",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersonStatus {
    /// Invited, has not confirmed yet: a pending invite.
    Pending,
    Active,
    Suspended,
}

impl PersonStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonStatus::Pending => "pending",
            PersonStatus::Active => "active",
            PersonStatus::Suspended => "suspended",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub domains: Vec<String>,
    pub external_ref: Option<String>,
    pub notes: Option<String>,
    pub status: OrgStatus,
    /// The organization above this one, for backends with hierarchies.
    pub parent: Option<String>,
    /// The person who owns it, for backends that name one.
    pub owner: Option<String>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

/// A member, a staff user or a pending invite: anyone with an account in a tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// What the backend's paths use to name this person (MuninX: the email).
    pub id: String,
    pub email: String,
    pub name: String,
    pub last_name: String,
    pub role: Role,
    pub agent_type: Option<String>,
    pub organization: Option<String>,
    pub status: PersonStatus,
    pub auto_assign: Option<bool>,
    pub created_at: Option<Timestamp>,
}

impl Person {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.name, self.last_name)
            .trim()
            .to_owned()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewOrganization {
    pub name: String,
    pub domains: Vec<String>,
    pub external_ref: Option<String>,
    pub notes: Option<String>,
}

/// A partial update: `None` leaves a field alone; `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationChanges {
    pub name: Option<String>,
    pub domains: Option<Vec<String>>,
    pub external_ref: Option<Option<String>>,
    pub notes: Option<Option<String>>,
    pub status: Option<OrgStatus>,
}

impl OrganizationChanges {
    pub fn is_empty(&self) -> bool {
        *self == OrganizationChanges::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewInvite {
    pub email: String,
    pub name: String,
    pub last_name: String,
    pub role: Role,
    pub agent_type: Option<String>,
    pub organization: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonChanges {
    pub name: Option<String>,
    pub last_name: Option<String>,
    pub role: Option<Role>,
    pub status: Option<PersonStatus>,
    pub organization: Option<Option<String>>,
    pub agent_type: Option<Option<String>>,
    pub auto_assign: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PeopleFilter {
    pub roles: Vec<Role>,
    pub statuses: Vec<PersonStatus>,
    pub organization: Option<String>,
}

/// Everything an operator can ask a backend to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Operation {
    WhoAmI,
    ListOrganizations {
        status: Option<OrgStatus>,
    },
    GetOrganization {
        id: String,
    },
    LookupOrganization {
        domain: String,
    },
    CreateOrganization(NewOrganization),
    UpdateOrganization {
        id: String,
        changes: OrganizationChanges,
    },
    DeleteOrganization {
        id: String,
    },
    ListPeople(PeopleFilter),
    GetPerson {
        id: String,
    },
    Invite(NewInvite),
    UpdatePerson {
        id: String,
        changes: PersonChanges,
    },
    ResendInvite {
        id: String,
    },
    RevokeInvite {
        id: String,
    },
}

impl Operation {
    pub fn is_write(&self) -> bool {
        !matches!(
            self,
            Operation::WhoAmI
                | Operation::ListOrganizations { .. }
                | Operation::GetOrganization { .. }
                | Operation::LookupOrganization { .. }
                | Operation::ListPeople(_)
                | Operation::GetPerson { .. }
        )
    }

    /// What this asks the backend to be able to do.
    pub fn capability(&self) -> Capability {
        match self {
            Operation::WhoAmI => Capability::WhoAmI,
            Operation::ListOrganizations { .. } => Capability::ListOrganizations,
            Operation::GetOrganization { .. } => Capability::ReadOrganization,
            Operation::LookupOrganization { .. } => Capability::LookupOrganization,
            Operation::CreateOrganization(_) => Capability::CreateOrganization,
            Operation::UpdateOrganization { changes, .. }
                if changes.status.is_some()
                    && OrganizationChanges {
                        status: None,
                        ..changes.clone()
                    }
                    .is_empty() =>
            {
                Capability::SuspendOrganization
            }
            Operation::UpdateOrganization { .. } => Capability::UpdateOrganization,
            Operation::DeleteOrganization { .. } => Capability::DeleteOrganization,
            Operation::ListPeople(_) => Capability::ListPeople,
            Operation::GetPerson { .. } => Capability::ReadPerson,
            Operation::Invite(_) => Capability::Invite,
            Operation::UpdatePerson { .. } => Capability::UpdatePerson,
            Operation::ResendInvite { .. } => Capability::ResendInvite,
            Operation::RevokeInvite { .. } => Capability::RevokeInvite,
        }
    }

    /// Two reads with the same key ask for the same data, so a newer one makes an
    /// older one in flight pointless.
    pub fn read_key(&self) -> Option<String> {
        if self.is_write() {
            None
        } else {
            serde_json::to_string(self).ok()
        }
    }

    /// A short phrase for messages: "create organization", "revoke invite".
    pub fn describe(&self) -> &'static str {
        self.capability().describe()
    }
}

/// What a backend answered to an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Reply {
    Person(Person),
    People(Vec<Person>),
    Organization(Organization),
    Organizations(Vec<Organization>),
    /// A write with nothing to show (delete, resend): the server's confirmation text.
    Done(WriteNote),
    /// The server holds the write until it is approved (a 202).
    Pending(Approval),
    /// The data the caller holds is still current (answer to a `refresh`).
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WriteNote {
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Capability {
    WhoAmI,
    ListOrganizations,
    ReadOrganization,
    LookupOrganization,
    CreateOrganization,
    UpdateOrganization,
    SuspendOrganization,
    DeleteOrganization,
    ListPeople,
    ReadPerson,
    Invite,
    UpdatePerson,
    ResendInvite,
    RevokeInvite,
}

impl Capability {
    pub const ALL: [Capability; 14] = [
        Capability::WhoAmI,
        Capability::ListOrganizations,
        Capability::ReadOrganization,
        Capability::LookupOrganization,
        Capability::CreateOrganization,
        Capability::UpdateOrganization,
        Capability::SuspendOrganization,
        Capability::DeleteOrganization,
        Capability::ListPeople,
        Capability::ReadPerson,
        Capability::Invite,
        Capability::UpdatePerson,
        Capability::ResendInvite,
        Capability::RevokeInvite,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            Capability::WhoAmI => "identify the token's user",
            Capability::ListOrganizations => "list organizations",
            Capability::ReadOrganization => "read an organization",
            Capability::LookupOrganization => "look an organization up by domain",
            Capability::CreateOrganization => "create organizations",
            Capability::UpdateOrganization => "edit organizations",
            Capability::SuspendOrganization => "suspend or reactivate organizations",
            Capability::DeleteOrganization => "delete organizations",
            Capability::ListPeople => "list users",
            Capability::ReadPerson => "read a user",
            Capability::Invite => "invite users",
            Capability::UpdatePerson => "edit users",
            Capability::ResendInvite => "resend activation emails",
            Capability::RevokeInvite => "revoke invites",
        }
    }

    /// Whether using it changes data: refused on read-only profiles and, in the
    /// console, not offered before the caller's role is known.
    pub fn is_write(self) -> bool {
        !matches!(
            self,
            Capability::WhoAmI
                | Capability::ListOrganizations
                | Capability::ReadOrganization
                | Capability::LookupOrganization
                | Capability::ListPeople
                | Capability::ReadPerson
        )
    }

    /// The same as a noun, for "this server does not offer reading one organization".
    pub fn offer(self) -> &'static str {
        match self {
            Capability::WhoAmI => "identifying the token's user",
            Capability::ListOrganizations => "listing organizations",
            Capability::ReadOrganization => "reading one organization",
            Capability::LookupOrganization => "looking an organization up by domain",
            Capability::CreateOrganization => "creating organizations",
            Capability::UpdateOrganization => "editing organizations",
            Capability::SuspendOrganization => "suspending or reactivating organizations",
            Capability::DeleteOrganization => "deleting organizations",
            Capability::ListPeople => "listing users",
            Capability::ReadPerson => "reading one user",
            Capability::Invite => "inviting users",
            Capability::UpdatePerson => "editing users",
            Capability::ResendInvite => "resending activation emails",
            Capability::RevokeInvite => "revoking invites",
        }
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Support {
    Available,
    /// Not offered; the reason is fit to show to the operator.
    Unavailable(String),
}

/// What a backend can do, as it declares it and as servers then prove it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Capabilities {
    entries: std::collections::BTreeMap<Capability, Support>,
}

impl Capabilities {
    pub fn all_available() -> Self {
        Capabilities {
            entries: Capability::ALL
                .into_iter()
                .map(|c| (c, Support::Available))
                .collect(),
        }
    }

    pub fn support(&self, capability: Capability) -> &Support {
        const MISSING: &Support = &Support::Available;
        self.entries.get(&capability).unwrap_or(MISSING)
    }

    pub fn is_available(&self, capability: Capability) -> bool {
        matches!(self.support(capability), Support::Available)
    }

    pub fn set(&mut self, capability: Capability, support: Support) {
        self.entries.insert(capability, support);
    }

    pub fn iter(&self) -> impl Iterator<Item = (Capability, &Support)> {
        self.entries.iter().map(|(c, s)| (*c, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_only_update_is_a_suspend() {
        let suspend = Operation::UpdateOrganization {
            id: "x".into(),
            changes: OrganizationChanges {
                status: Some(OrgStatus::Suspended),
                ..Default::default()
            },
        };
        assert_eq!(suspend.capability(), Capability::SuspendOrganization);
        let rename = Operation::UpdateOrganization {
            id: "x".into(),
            changes: OrganizationChanges {
                name: Some("New".into()),
                status: Some(OrgStatus::Active),
                ..Default::default()
            },
        };
        assert_eq!(rename.capability(), Capability::UpdateOrganization);
    }

    #[test]
    fn reads_have_keys_and_writes_do_not() {
        let a = Operation::ListPeople(PeopleFilter {
            statuses: vec![PersonStatus::Pending],
            ..Default::default()
        });
        assert_eq!(a.read_key(), a.clone().read_key());
        assert_ne!(
            a.read_key(),
            Operation::ListPeople(PeopleFilter::default()).read_key()
        );
        assert_eq!(
            Operation::RevokeInvite { id: "a@b.c".into() }.read_key(),
            None
        );
    }

    #[test]
    fn unknown_roles_are_kept() {
        assert_eq!(Role::parse("Admin"), Role::Admin);
        assert_eq!(
            Role::parse("enterprise-owner"),
            Role::Other("enterprise-owner".into())
        );
    }
}
