//! Changes to who is where, made at once or held as a pending approval until
//! another admin approves (applied then) or rejects (discarded) them.

use serde::Deserialize;

use crate::backends::bitgo::wire::{
    ApprovalInfo, EnterpriseInfo, EnterpriseInviteRequest, Inviter, OrgRole, PendingApproval,
    Permission, Resolver, UpdateOrganizationRequest, UserChangeRequest,
};

use super::error::{BgError, Outcome};
use super::store::{Store, now};

/// One change; the seed's pending approvals are written in these terms too.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum Change {
    AddEnterpriseUser {
        enterprise: String,
        users: Vec<String>,
        permissions: Vec<Permission>,
    },
    SetEnterprisePermissions {
        enterprise: String,
        user: String,
        permissions: Vec<Permission>,
    },
    RemoveEnterpriseUser {
        enterprise: String,
        user: String,
    },
    AddOrgUser {
        organization: String,
        user: String,
        role: OrgRole,
    },
    SetOrgRole {
        organization: String,
        user: String,
        role: OrgRole,
    },
    RemoveOrgUser {
        organization: String,
        user: String,
    },
}

/// A pending approval: what it says, and the change it holds.
#[derive(Debug, Clone)]
pub struct Approval {
    pub record: PendingApproval,
    pub change: Change,
}

/// States a request waits in; the list shows these unless asked for others.
pub const PENDING_STATES: &[&str] = &["awaitingSignature", "pending", "pendingFinalApproval"];

impl Change {
    fn enterprise(&self) -> Option<&str> {
        match self {
            Change::AddEnterpriseUser { enterprise, .. }
            | Change::SetEnterprisePermissions { enterprise, .. }
            | Change::RemoveEnterpriseUser { enterprise, .. } => Some(enterprise),
            _ => None,
        }
    }

    fn users(&self) -> Vec<String> {
        match self {
            Change::AddEnterpriseUser { users, .. } => users.clone(),
            Change::SetEnterprisePermissions { user, .. }
            | Change::RemoveEnterpriseUser { user, .. }
            | Change::AddOrgUser { user, .. }
            | Change::SetOrgRole { user, .. }
            | Change::RemoveOrgUser { user, .. } => vec![user.clone()],
        }
    }
}

fn missing(what: &str) -> BgError {
    BgError::not_found(format!("{what} not found"))
}

impl Store {
    /// The organization a change belongs to.
    fn org_of(&self, change: &Change) -> Outcome<String> {
        match change {
            Change::AddOrgUser { organization, .. }
            | Change::SetOrgRole { organization, .. }
            | Change::RemoveOrgUser { organization, .. } => self
                .orgs
                .contains_key(organization)
                .then(|| organization.clone())
                .ok_or_else(|| missing("organization")),
            other => {
                let id = other.enterprise().unwrap_or_default();
                let ent = self
                    .enterprises
                    .get(id)
                    .ok_or_else(|| missing("enterprise"))?;
                Ok(ent.organization.clone())
            }
        }
    }

    /// Whether `change` must wait for approval: its enterprise or organization
    /// asks for more than one.
    pub fn needs_approval(&self, change: &Change) -> bool {
        let required = match change.enterprise() {
            Some(id) => self.enterprises.get(id).map(|e| e.approvals_required),
            None => self
                .org_of(change)
                .ok()
                .and_then(|o| self.orgs.get(&o))
                .map(|o| o.approvals_required),
        };
        required.unwrap_or(1) > 1
    }

    /// Refuses a change that cannot be made now (so a held one is sure to apply
    /// unless something else changes first).
    pub fn check(&self, change: &Change) -> Outcome<()> {
        self.org_of(change)?;
        for user in change.users() {
            if !self.users.contains_key(&user) {
                return Err(BgError::bad_request("UserNotFound", "no such user"));
            }
        }
        let last_admin = || {
            BgError::bad_request(
                "LastAdmin",
                "this is the last admin: make someone else admin first",
            )
        };
        match change {
            Change::AddEnterpriseUser {
                enterprise, users, ..
            } => {
                let ent = &self.enterprises[enterprise.as_str()];
                if let Some(user) = users.iter().find(|u| ent.users.contains_key(*u)) {
                    let email = &self.users[user.as_str()].email;
                    return Err(BgError::bad_request(
                        "UserAlreadyExists",
                        format!("{email} is already a user of this enterprise"),
                    ));
                }
            }
            Change::SetEnterprisePermissions {
                enterprise,
                user,
                permissions,
            } => {
                let ent = &self.enterprises[enterprise.as_str()];
                if !ent.users.contains_key(user) {
                    return Err(missing("user in this enterprise"));
                }
                if ent.is_admin(user)
                    && !permissions.contains(&Permission::Admin)
                    && ent.admins() == 1
                {
                    return Err(last_admin());
                }
            }
            Change::RemoveEnterpriseUser { enterprise, user } => {
                let ent = &self.enterprises[enterprise.as_str()];
                if !ent.users.contains_key(user) {
                    return Err(missing("user in this enterprise"));
                }
                if ent.is_admin(user) && ent.admins() == 1 {
                    return Err(last_admin());
                }
            }
            Change::AddOrgUser {
                organization, user, ..
            } => {
                if self.orgs[organization.as_str()].members.contains_key(user) {
                    return Err(BgError::bad_request(
                        "UserAlreadyExists",
                        "the user is already a member of this organization",
                    ));
                }
            }
            Change::SetOrgRole {
                organization,
                user,
                role,
            } => {
                self.check_org_admins(organization, user, Some(*role))?;
            }
            Change::RemoveOrgUser { organization, user } => {
                self.check_org_admins(organization, user, None)?;
            }
        }
        Ok(())
    }

    fn check_org_admins(&self, org: &str, user: &str, role: Option<OrgRole>) -> Outcome<()> {
        let org = &self.orgs[org];
        let Some(current) = org.members.get(user) else {
            return Err(missing("user in this organization"));
        };
        let admins = org
            .members
            .values()
            .filter(|r| **r == OrgRole::Admin)
            .count();
        if *current == OrgRole::Admin && role != Some(OrgRole::Admin) && admins == 1 {
            return Err(BgError::bad_request(
                "LastAdmin",
                "this is the organization's last admin: make someone else admin first",
            ));
        }
        Ok(())
    }

    /// Makes `change` now, or refuses it and changes nothing.
    pub fn apply(&mut self, change: &Change) -> Outcome<()> {
        self.check(change)?;
        match change.clone() {
            Change::AddEnterpriseUser {
                enterprise,
                users,
                permissions,
            } => {
                for user in users {
                    self.set_permissions(&enterprise, &user, Some(permissions.clone()));
                }
            }
            Change::SetEnterprisePermissions {
                enterprise,
                user,
                permissions,
            } => {
                self.set_permissions(&enterprise, &user, Some(permissions));
            }
            Change::RemoveEnterpriseUser { enterprise, user } => {
                self.set_permissions(&enterprise, &user, None);
            }
            Change::AddOrgUser {
                organization,
                user,
                role,
            }
            | Change::SetOrgRole {
                organization,
                user,
                role,
            } => {
                if let Some(org) = self.orgs.get_mut(&organization) {
                    org.members.insert(user, role);
                }
            }
            Change::RemoveOrgUser { organization, user } => {
                if let Some(org) = self.orgs.get_mut(&organization) {
                    org.members.shift_remove(&user);
                }
            }
        }
        self.touch();
        Ok(())
    }

    fn set_permissions(&mut self, ent: &str, user: &str, permissions: Option<Vec<Permission>>) {
        let (Some(e), Some(u)) = (self.enterprises.get_mut(ent), self.users.get_mut(user)) else {
            return;
        };
        match permissions {
            Some(permissions) => {
                e.users.insert(user.to_owned(), permissions);
                u.enterprises.insert(ent.to_owned());
            }
            None => {
                e.users.shift_remove(user);
                u.enterprises.shift_remove(ent);
            }
        }
    }

    /// Holds `change` as a pending approval made by `creator`; `id` is the seed's.
    pub fn hold(&mut self, change: Change, creator: &str, id: Option<String>) -> Outcome<String> {
        self.check(&change)?;
        let org_id = self.org_of(&change)?;
        let inviter = self.inviter(creator)?;
        let id = match id {
            Some(id) => id,
            None => self.new_id(),
        };
        let org = &self.orgs[org_id.as_str()];
        let ent = change.enterprise().and_then(|e| self.enterprises.get(e));
        let required = ent.map_or(org.approvals_required, |e| e.approvals_required);
        let record = PendingApproval {
            id: id.clone(),
            creator: creator.to_owned(),
            create_date: now(),
            info: self.info(&change, inviter),
            state: "pending".into(),
            scope: if ent.is_some() {
                "enterprise"
            } else {
                "organization"
            }
            .into(),
            enterprise: ent.map(|e| e.id.clone()),
            organization: Some(org.id.clone()),
            organization_name: Some(org.name.clone()),
            approvals_required: required.saturating_sub(1).max(1),
            user_ids: change.users(),
            resolvers: Vec::new(),
        };
        self.approvals
            .insert(id.clone(), Approval { record, change });
        self.touch();
        Ok(id)
    }

    fn inviter(&self, user: &str) -> Outcome<Inviter> {
        let user = self
            .users
            .get(user)
            .ok_or_else(|| BgError::bad_request("UserNotFound", "the creator is not a user"))?;
        Ok(Inviter {
            id: user.id.clone(),
            email: user.email.clone(),
            full_name: user.full_name(),
        })
    }

    /// An `enterpriseInviteRequest`: the spec gives it one permission, so the
    /// first of those asked for stands for them.
    fn invite(
        &self,
        enterprise: &str,
        permissions: &[Permission],
        email: String,
        user_id: String,
        inviter: Inviter,
    ) -> EnterpriseInviteRequest {
        EnterpriseInviteRequest {
            action: "add".into(),
            email,
            user_id,
            permissions: permissions
                .first()
                .map_or("wallet.create", |p| p.as_str())
                .to_owned(),
            is_video_id_user: false,
            enterprise_info: EnterpriseInfo {
                id: enterprise.to_owned(),
                name: self.enterprises[enterprise].name.clone(),
                invited_by: inviter,
                required_verification_step: "none".into(),
                user_kyc_state: None,
            },
        }
    }

    /// What the approval's `info` says about `change`.
    fn info(&self, change: &Change, inviter: Inviter) -> ApprovalInfo {
        let first = change.users().into_iter().next().unwrap_or_default();
        let email = self
            .users
            .get(&first)
            .map(|u| u.email.clone())
            .unwrap_or_default();
        let mut info = ApprovalInfo {
            kind: String::new(),
            enterprise_invite_request: None,
            update_organization_request: None,
            user_change_request: None,
        };
        let words = |p: &[Permission]| p.iter().map(|p| p.as_str().to_owned()).collect::<Vec<_>>();
        match change {
            Change::AddEnterpriseUser {
                enterprise,
                permissions,
                ..
            } => {
                info.kind = "enterpriseInviteRequest".into();
                let invite = self.invite(enterprise, permissions, email, first, inviter);
                info.enterprise_invite_request = Some(invite);
            }
            Change::RemoveEnterpriseUser { .. } => {
                info.kind = "userChangeRequest".into();
                info.user_change_request = Some(UserChangeRequest {
                    action: "remove".into(),
                    permissions: Vec::new(),
                    user_changed: first,
                });
            }
            Change::SetEnterprisePermissions { permissions, .. } => {
                info.kind = "userChangeRequest".into();
                info.user_change_request = Some(UserChangeRequest {
                    action: "update".into(),
                    permissions: words(permissions),
                    user_changed: first,
                });
            }
            Change::AddOrgUser { role, .. } | Change::SetOrgRole { role, .. } => {
                let action = if matches!(change, Change::AddOrgUser { .. }) {
                    "add"
                } else {
                    "update"
                };
                info.kind = "updateOrganizationRequest".into();
                info.update_organization_request = Some(UpdateOrganizationRequest {
                    action: action.into(),
                    email,
                    user_id: first,
                    role: Some(*role),
                    inviter_info: inviter,
                });
            }
            Change::RemoveOrgUser { .. } => {
                info.kind = "updateOrganizationRequest".into();
                info.update_organization_request = Some(UpdateOrganizationRequest {
                    action: "remove".into(),
                    email,
                    user_id: first,
                    role: None,
                    inviter_info: inviter,
                });
            }
        }
        info
    }

    /// Whether `user` may decide approval `id`: an admin of its organization or
    /// of its enterprise.
    pub fn may_decide(&self, approval: &PendingApproval, user: &str) -> bool {
        let org_admin = approval
            .organization
            .as_deref()
            .is_some_and(|o| self.role_in(o, user) == Some(OrgRole::Admin));
        let ent_admin = approval
            .enterprise
            .as_deref()
            .and_then(|e| self.enterprises.get(e))
            .is_some_and(|e| e.is_admin(user));
        org_admin || ent_admin
    }

    /// Approves or rejects approval `id` as `user`. Approving applies the held
    /// change once enough admins other than its creator have approved.
    pub fn decide(&mut self, id: &str, user: &str, approve: bool) -> Outcome<PendingApproval> {
        let held = self
            .approvals
            .get(id)
            .ok_or_else(|| missing("pending approval"))?;
        if !self.may_decide(&held.record, user) {
            return Err(BgError::forbidden(
                "only an admin of the organization or enterprise may decide this request",
            ));
        }
        if !PENDING_STATES.contains(&held.record.state.as_str()) {
            return Err(BgError::conflict(
                "ApprovalAlreadyResolved",
                format!(
                    "this request was already {}; it cannot be decided again",
                    held.record.state
                ),
            ));
        }
        if approve && held.record.creator == user {
            return Err(BgError::forbidden(
                "you created this request: another admin must approve it (you may reject it)",
            ));
        }
        if held.record.resolvers.iter().any(|r| r.user == user) {
            return Err(BgError::conflict(
                "ApprovalAlreadyResolved",
                "you already approved this request",
            ));
        }
        let approvals = held.record.resolvers.len() as u32 + 1;
        let (change, required) = (held.change.clone(), held.record.approvals_required);
        let was = held.record.state.clone();
        if approve && approvals >= required {
            self.apply(&change)?;
        }
        let state = match (approve, approvals >= required) {
            (false, _) => "rejected",
            (true, true) => "approved",
            (true, false) => "pending",
        };
        let resolver = Resolver {
            user: user.to_owned(),
            date: now(),
            resolution_action: if approve { "approve" } else { "reject" }.into(),
            resolution_type: was,
        };
        let held = self
            .approvals
            .get_mut(id)
            .ok_or_else(|| missing("pending approval"))?;
        held.record.resolvers.push(resolver);
        held.record.state = state.into();
        let record = held.record.clone();
        self.touch();
        Ok(record)
    }
}
