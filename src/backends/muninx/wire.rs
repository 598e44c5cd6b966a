//! MuninX's JSON shapes exactly as `shared/api/muninx.md` writes them: kebab-case
//! fields, users keyed by email, token objects with `created_at`.
//!
//! The sandbox stores these and serialises them as they are, so the client and the
//! server cannot drift apart on a field name.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use jiff::Timestamp;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UserType {
    Admin,
    Agent,
    Customer,
}

impl UserType {
    pub const ALL: [UserType; 3] = [UserType::Admin, UserType::Agent, UserType::Customer];

    pub fn as_str(self) -> &'static str {
        match self {
            UserType::Admin => "admin",
            UserType::Agent => "agent",
            UserType::Customer => "customer",
        }
    }

    /// Admins and agents are staff: they belong to the tenant and need an agent type.
    pub fn is_staff(self) -> bool {
        !matches!(self, UserType::Customer)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgentType {
    Human,
    AiAssisted,
    AiAutonomous,
}

impl AgentType {
    pub const ALL: [AgentType; 3] = [
        AgentType::Human,
        AgentType::AiAssisted,
        AgentType::AiAutonomous,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgentType::Human => "human",
            AgentType::AiAssisted => "ai-assisted",
            AgentType::AiAutonomous => "ai-autonomous",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UserStatus {
    Pending,
    Active,
    Suspended,
}

impl UserStatus {
    pub const ALL: [UserStatus; 3] = [
        UserStatus::Pending,
        UserStatus::Active,
        UserStatus::Suspended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Pending => "pending",
            UserStatus::Active => "active",
            UserStatus::Suspended => "suspended",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrgStatus {
    Active,
    Suspended,
}

impl OrgStatus {
    pub const ALL: [OrgStatus; 2] = [OrgStatus::Active, OrgStatus::Suspended];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgStatus::Active => "active",
            OrgStatus::Suspended => "suspended",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CustomerAccessType {
    Open,
    Closed,
    Restricted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReplyIdentity {
    Agent,
    Organization,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct User {
    pub email: String,
    pub name: String,
    pub last_name: String,
    #[serde(rename = "type")]
    pub kind: UserType,
    pub agent_type: Option<AgentType>,
    pub organization: Option<String>,
    pub status: UserStatus,
    pub auto_assign_tickets: bool,
    pub created_at: Timestamp,
}

/// A `User` borrowed from the bytes it was read from: how a long list's elements
/// decode without a `String` per field. Its fields and their names are
/// `User`'s, so bad input is refused in the same words.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct UserRef<'a> {
    #[serde(borrow)]
    pub email: Cow<'a, str>,
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(borrow)]
    pub last_name: Cow<'a, str>,
    #[serde(rename = "type")]
    pub kind: UserType,
    pub agent_type: Option<AgentType>,
    // serde borrows a bare `Cow<str>` only: an `Option` of one was a `String`
    // allocated (and dropped) for every customer.
    #[serde(borrow, default, deserialize_with = "borrowed_optional")]
    pub organization: Option<Cow<'a, str>>,
    pub status: UserStatus,
    pub auto_assign_tickets: bool,
    pub created_at: Timestamp,
}

/// An optional string borrowed from the bytes where it has no escapes.
fn borrowed_optional<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Cow<'de, str>>, D::Error> {
    #[derive(Deserialize)]
    struct Borrowed<'a>(#[serde(borrow)] Cow<'a, str>);
    Ok(Option::<Borrowed<'de>>::deserialize(deserializer)?.map(|text| text.0))
}

impl User {
    /// This user as a borrowed `UserRef`, for the one conversion to the model.
    pub fn borrowed(&self) -> UserRef<'_> {
        UserRef {
            email: Cow::Borrowed(&self.email),
            name: Cow::Borrowed(&self.name),
            last_name: Cow::Borrowed(&self.last_name),
            kind: self.kind,
            agent_type: self.agent_type,
            organization: self.organization.as_deref().map(Cow::Borrowed),
            status: self.status,
            auto_assign_tickets: self.auto_assign_tickets,
            created_at: self.created_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct CustomerOrganization {
    pub id: String,
    pub tenant_id: String,
    pub display_name: String,
    pub domains: Vec<String>,
    pub external_ref: Option<String>,
    pub notes: Option<String>,
    pub status: OrgStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct TenantSettings {
    pub id: String,
    pub display_name: String,
    pub customer_access_type: CustomerAccessType,
    pub allowed_domains: Vec<String>,
    pub blocked_domains: Vec<String>,
    pub owner: String,
    pub reply_identity: ReplyIdentity,
    pub created_at: Timestamp,
}

/// A personal API token as `GET /tokens` lists it; `token` is only present in the
/// answer to `POST /tokens`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    pub created_at: Timestamp,
}

/// `GET /users`: `{"users": [...]}` as the contract writes it, or the bare array
/// some MuninX-like servers send.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserList {
    pub users: Vec<User>,
}

/// `GET /customer-organizations`: `{"customer-organizations": [...]}`, or a bare array.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganizationList {
    #[serde(rename = "customer-organizations")]
    pub customer_organizations: Vec<CustomerOrganization>,
}

impl<'de> Deserialize<'de> for UserList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ListVisitor::new("users"))
            .map(|users| UserList { users })
    }
}

impl<'de> Deserialize<'de> for OrganizationList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ListVisitor::new("customer-organizations"))
            .map(|customer_organizations| OrganizationList {
                customer_organizations,
            })
    }
}

/// Reads a list in either shape in one pass: an untagged enum would buffer the
/// whole 23 MB answer as generic values first.
struct ListVisitor<T> {
    key: &'static str,
    item: PhantomData<T>,
}

impl<T> ListVisitor<T> {
    fn new(key: &'static str) -> Self {
        ListVisitor {
            key,
            item: PhantomData,
        }
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list: {{\"{}\": [...]}} or [...]", self.key)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let mut items = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key != self.key {
                map.next_value::<IgnoredAny>()?;
            } else if items.is_some() {
                return Err(de::Error::duplicate_field(self.key));
            } else {
                items = Some(map.next_value()?);
            }
        }
        items.ok_or_else(|| de::Error::missing_field(self.key))
    }
}
