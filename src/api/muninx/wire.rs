//! MuninX's JSON shapes exactly as `shared/api/muninx.md` writes them: kebab-case
//! fields, users keyed by email, token objects with `created_at`.
//!
//! The sandbox stores these and serialises them as they are, so the client and the
//! server cannot drift apart on a field name.

use jiff::Timestamp;
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserList {
    pub users: Vec<User>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationList {
    #[serde(rename = "customer-organizations")]
    pub customer_organizations: Vec<CustomerOrganization>,
}
