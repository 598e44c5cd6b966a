//! The pending approvals: what a held change says it does, who decided it, and
//! the list and 202 answers that carry them.

use serde::{Deserialize, Serialize};

use super::OrgRole;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Inviter {
    pub id: String,
    pub email: String,
    pub full_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseInfo {
    pub id: String,
    pub name: String,
    pub invited_by: Inviter,
    /// What the invitee must still do (`none` once they may act).
    pub required_verification_step: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_kyc_state: Option<String>,
}

/// `info.enterpriseInviteRequest`: a user added to or removed from an enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseInviteRequest {
    pub action: String,
    pub email: String,
    pub user_id: String,
    pub permissions: String,
    pub is_video_id_user: bool,
    pub enterprise_info: EnterpriseInfo,
}

/// `info.updateOrganizationRequest`: a user added to, changed in or removed from
/// an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateOrganizationRequest {
    pub action: String,
    pub email: String,
    pub user_id: String,
    /// None for a removal; left out then, as the spec's role is a string enum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<OrgRole>,
    pub inviter_info: Inviter,
}

/// `info.userChangeRequest`: a user's permissions on an enterprise changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserChangeRequest {
    pub action: String,
    pub permissions: Vec<String>,
    pub user_changed: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalInfo {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enterprise_invite_request: Option<EnterpriseInviteRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_organization_request: Option<UpdateOrganizationRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_change_request: Option<UserChangeRequest>,
}

/// One admin's decision on an approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolver {
    pub user: String,
    pub date: String,
    /// `approve` or `reject`.
    pub resolution_action: String,
    /// The (pending) state the approval was in when decided, as the spec types it.
    pub resolution_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingApproval {
    pub id: String,
    pub creator: String,
    pub create_date: String,
    pub info: ApprovalInfo,
    pub state: String,
    pub scope: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    /// Approvals still needed besides the creator's.
    pub approvals_required: u32,
    #[serde(default)]
    pub user_ids: Vec<String>,
    #[serde(default)]
    pub resolvers: Vec<Resolver>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingApprovalList {
    pub pending_approvals: Vec<PendingApproval>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_batch_prev_id: Option<String>,
    pub count: u64,
}

/// DELETE's 202: the approvals wrapped in an array, unlike every other 202.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingApprovals {
    pub pending_approvals: Vec<PendingApproval>,
}
