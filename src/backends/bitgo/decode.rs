//! BitGo's answers as the model: organizations and enterprises (whole or stubs)
//! as nodes, enterprise and organization users as parties with their membership,
//! the caller, pending approvals, and a 202 as a write held for approval.

use serde::de::DeserializeOwned;

use super::schema::{
    ACCOUNT_TYPE, APPROVALS_REQUIRED, BUSINESS_MODEL, ENTERPRISE, ENTERPRISE_COUNT,
    ENTERPRISE_CREATED, ENTERPRISE_NAME, FULL_NAME, IS_ADMIN, KYC_STATE, ORG_NAME, ORG_ROLE,
    ORGANIZATION, PERMISSION, SCHEMA, USER_ACTIVE, USER_ID, USERNAME,
};
use super::wire;
use crate::api::backend::{Answer, Decoded};
use crate::api::model::{
    Approval, Caller, Cursor, MemberState, Membership, Node, NodeRole, NodeState, Operation, Page,
    Party, PartyKind, Record, Reply, Scope, WriteNote,
};
use crate::api::schema::FieldSpec;
use crate::api::value::Value;

fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|err| err.to_string())
}

fn layout(level: crate::api::schema::LevelId) -> &'static [FieldSpec] {
    SCHEMA.level(level).map_or(&[], |l| l.fields)
}

fn text(value: Option<&str>) -> Value {
    Value::text(value)
}

fn time(at: Option<&str>) -> Value {
    match at.map(str::parse::<jiff::Timestamp>) {
        Some(Ok(at)) => Value::Time(at),
        _ => text(at),
    }
}

fn organization(item: wire::OrganizationItem) -> Node {
    let record = Record::read(layout(ORGANIZATION), |field| match field {
        ORG_NAME => Value::Text(item.name.clone()),
        ORG_ROLE => Value::Word(item.role.as_str()),
        ENTERPRISE_COUNT => Value::Number(i64::try_from(item.enterprise_count).unwrap_or(i64::MAX)),
        BUSINESS_MODEL => text(item.business_model.as_deref()),
        _ => Value::Empty,
    });
    Node {
        id: item.id,
        level: ORGANIZATION,
        parent: None,
        name: item.name,
        state: NodeState::Active,
        record,
    }
}

fn one_organization(org: wire::Organization) -> Node {
    let name = org.name.clone().unwrap_or_else(|| org.id.clone());
    let record = Record::read(layout(ORGANIZATION), |field| match field {
        ORG_NAME => Value::Text(name.clone()),
        ENTERPRISE_COUNT => Value::Number(org.enterprises.len() as i64),
        BUSINESS_MODEL => text(org.business_model.as_deref()),
        _ => Value::Empty,
    });
    Node {
        id: org.id,
        level: ORGANIZATION,
        parent: None,
        name,
        state: NodeState::Active,
        record,
    }
}

/// A list item or a whole enterprise; a stub is its id and name alone.
pub fn enterprise(item: wire::EnterpriseItem, parent: Option<&str>) -> Node {
    let (id, name, full) = match item {
        wire::EnterpriseItem::Full(full) => (full.id.clone(), full.name.clone(), Some(full)),
        wire::EnterpriseItem::Stub(stub) => (stub.id, stub.name, None),
    };
    let full = full.as_deref();
    let record = Record::read(layout(ENTERPRISE), |field| match (field, full) {
        (ENTERPRISE_NAME, _) => Value::Text(name.clone()),
        (ACCOUNT_TYPE, Some(e)) => e
            .account_type
            .map_or(Value::Empty, |t| Value::Word(t.as_str())),
        (KYC_STATE, Some(e)) => Value::Word(e.kyc_state.as_str()),
        (APPROVALS_REQUIRED, Some(e)) => e
            .approvals_required
            .map_or(Value::Empty, |n| Value::Number(i64::from(n))),
        (ENTERPRISE_CREATED, Some(e)) => time(e.created_at.as_deref()),
        _ => Value::Empty,
    });
    let frozen = full.is_some_and(|e| e.freeze.as_ref().is_some_and(|f| f.time.is_some()));
    Node {
        parent: full
            .and_then(|e| e.organization.clone())
            .or_else(|| parent.map(str::to_owned)),
        id,
        level: ENTERPRISE,
        name,
        state: if frozen {
            NodeState::Other("frozen".into())
        } else {
            NodeState::Active
        },
        record,
    }
}

/// A user of an enterprise: their one membership there, as an admin or not;
/// unverified users are invitees.
fn enterprise_user(user: wire::EnterpriseUser, enterprise: &str, admin: bool) -> Party {
    let state = if user.is_active && user.email.verified {
        MemberState::Active
    } else {
        MemberState::Invited
    };
    let full_name = user.full_name.clone().unwrap_or_else(|| {
        let parts = [user.first_name.as_deref(), user.last_name.as_deref()];
        parts.into_iter().flatten().collect::<Vec<_>>().join(" ")
    });
    let record = Record::read(SCHEMA.party_fields, |field| match field {
        USERNAME => Value::Text(user.username.clone()),
        FULL_NAME => text(Some(&full_name)),
        // The list splits admins from the rest and names no other permission.
        PERMISSION => Value::Word(if admin { "admin" } else { "non-admin" }),
        IS_ADMIN => Value::Bool(admin),
        USER_ACTIVE => Value::Bool(user.is_active),
        USER_ID => Value::Text(user.id.clone()),
        _ => Value::Empty,
    });
    let membership = Membership {
        node: enterprise.into(),
        role: Some(if admin { "admin" } else { "non-admin" }.into()),
        state,
    };
    // Named by username: the enterprise's DELETE takes it.
    Party::named_by(
        SCHEMA.party_fields,
        USERNAME,
        PartyKind::User,
        state,
        record,
        Box::new([membership]),
    )
}

/// A user of an organization, with a membership for each enterprise they hold
/// permissions on.
fn org_user(user: wire::OrgUser, org: Option<&str>) -> Party {
    let state = if user.email.verified {
        MemberState::Active
    } else {
        MemberState::Invited
    };
    let memberships: Box<[Membership]> = user
        .enterprises
        .iter()
        .map(|e| Membership {
            node: e.id.as_str().into(),
            role: e.permissions.first().map(|p| p.as_str().into()),
            state,
        })
        .collect();
    // Their place in the organization listed (else their first): its role is
    // what an organization's users may do, as an enterprise's permission is there.
    let role = user
        .organizations
        .iter()
        .find(|o| Some(o.id.as_str()) == org)
        .or(user.organizations.first())
        .map(|o| o.role);
    let record = Record::read(SCHEMA.party_fields, |field| match field {
        USERNAME => Value::Text(user.username.clone()),
        FULL_NAME => text(Some(&user.name.full)),
        PERMISSION => role.map_or(Value::Empty, |r| Value::Word(r.as_str())),
        IS_ADMIN => role.map_or(Value::Empty, |r| Value::Bool(r == wire::OrgRole::Admin)),
        USER_ID => Value::Text(user.id.clone()),
        USER_ACTIVE => Value::Bool(user.email.verified),
        _ => Value::Empty,
    });
    Party::named_by(
        SCHEMA.party_fields,
        USERNAME,
        PartyKind::User,
        state,
        record,
        memberships,
    )
}

/// Who-am-I: their roles are per organization, each named with it.
fn caller(user: wire::OrgUser) -> Caller {
    let first = user.organizations.first();
    let roles = user
        .organizations
        .iter()
        .map(|o| NodeRole {
            node: o.id.clone(),
            name: o.name.clone(),
            role: o.role.as_str().to_owned(),
        })
        .collect();
    Caller {
        id: user.id.clone(),
        label: user.name.full.clone(),
        role: first.map_or("member", |o| o.role.as_str()).to_owned(),
        tenant: first.map(|o| o.id.clone()),
        party: Some(org_user(user, None)),
        roles,
    }
}

/// What an approval waits for, in words: "add bo@… on Kiwi", with who asked and
/// the node it changes.
pub fn approval(pending: wire::PendingApproval) -> Approval {
    let info = &pending.info;
    let mut node_name = None;
    let mut asked_by = None;
    let (kind, what) = if let Some(invite) = &info.enterprise_invite_request {
        node_name = Some(invite.enterprise_info.name.clone());
        asked_by = Some(invite.enterprise_info.invited_by.email.clone());
        let what = format!(
            "{} {} ({}) on {}",
            invite.action, invite.email, invite.permissions, invite.enterprise_info.name
        );
        ("enterprise", what)
    } else if let Some(org) = &info.update_organization_request {
        let org_name = pending
            .organization_name
            .as_deref()
            .unwrap_or("the organization");
        node_name = pending.organization_name.clone();
        asked_by = Some(org.inviter_info.email.clone());
        let role = org
            .role
            .as_ref()
            .map(|r| format!(" as {}", r.as_str()))
            .unwrap_or_default();
        (
            "organization",
            format!("{} {}{role} in {org_name}", org.action, org.email),
        )
    } else if let Some(change) = &info.user_change_request {
        // A removal changes no permission: nothing follows the user.
        let permissions = match change.permissions.as_slice() {
            [] => String::new(),
            some => format!(": {}", some.join(", ")),
        };
        let what = format!(
            "{} user {}{permissions}",
            change.action, change.user_changed
        );
        ("permissions", what)
    } else {
        ("change", info.kind.clone())
    };
    Approval {
        id: pending.id,
        kind: kind.to_owned(),
        what,
        asked_by: asked_by.or_else(|| Some(pending.creator.clone())),
        asked_by_id: Some(pending.creator),
        asked_at: pending.create_date.parse().ok(),
        // Still needed: those approvals already given count off what it requires.
        needs: Some(
            pending
                .approvals_required
                .saturating_sub(approved(&pending.resolvers)),
        ),
        state: pending.state,
        node: pending.enterprise.or(pending.organization),
        node_name,
    }
}

/// How many resolvers approved (rather than rejected).
fn approved(resolvers: &[wire::Resolver]) -> u32 {
    resolvers
        .iter()
        .filter(|r| r.resolution_action == "approve")
        .count() as u32
}

fn page<T>(items: Vec<T>, next: Option<String>) -> Page<T> {
    Page {
        items,
        next: next.map(Cursor::new),
        total: None,
    }
}

fn paged(reply: Reply, next: Option<Cursor>) -> Decoded {
    Decoded::Page {
        reply,
        next,
        total: None,
        scanned: None,
    }
}

/// A 202: the write is held. DELETE wraps its approvals in an array.
fn held(op: &Operation, body: &[u8]) -> Result<Decoded, String> {
    let pending = match json::<wire::PendingApproval>(body) {
        Ok(one) => one,
        Err(_) => json::<wire::PendingApprovals>(body)?
            .pending_approvals
            .into_iter()
            .next()
            .ok_or("a 202 without its pending approval")?,
    };
    let mut approval = approval(pending);
    // BitGo names the removed user by id only; the console sent their email.
    if let Operation::RemoveMember { party, .. } = op
        && approval.what.starts_with("remove user ")
    {
        approval.what = format!("remove {party}");
    }
    Ok(Decoded::Reply(Reply::Pending(approval)))
}

fn done(message: &str) -> Decoded {
    Decoded::Reply(Reply::Done(WriteNote {
        message: message.to_owned(),
    }))
}

pub fn decode(op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String> {
    let body = answer.body;
    if answer.status.as_u16() == 202 {
        return held(op, body);
    }
    Ok(match op {
        Operation::WhoAmI => {
            Decoded::Reply(Reply::Caller(caller(json::<wire::UserAnswer>(body)?.user)))
        }
        Operation::ListNodes { level, .. } if *level == ORGANIZATION => {
            let list = json::<wire::OrganizationList>(body)?;
            let nodes = list.organizations.into_iter().map(organization).collect();
            Decoded::Reply(Reply::Nodes(Page::one(nodes)))
        }
        Operation::ListNodes { parent, .. } => {
            let list = json::<wire::EnterpriseList>(body)?;
            let nodes: Vec<Node> = list
                .enterprises
                .into_iter()
                .map(|e| enterprise(e, parent.as_deref()))
                .collect();
            let next = list.next_batch_prev_id.map(Cursor::new);
            paged(Reply::Nodes(page(nodes, None)), next)
        }
        Operation::GetNode { level, .. } if *level == ORGANIZATION => Decoded::Reply(Reply::Node(
            one_organization(json::<wire::OrganizationAnswer>(body)?.organization),
        )),
        Operation::GetNode { .. } => {
            let full = json::<wire::Enterprise>(body)?;
            Decoded::Reply(Reply::Node(enterprise(
                wire::EnterpriseItem::Full(Box::new(full)),
                None,
            )))
        }
        Operation::CreateNode { .. } => {
            let made = json::<wire::CreatedEnterprise>(body)?;
            Decoded::ReadBack {
                message: format!("created enterprise {}", made.enterprise_id),
                read: Operation::GetNode {
                    level: ENTERPRISE,
                    id: made.enterprise_id,
                },
            }
        }
        Operation::ListParties {
            scope: Scope::Node { level, id, .. },
            ..
        } if *level == ENTERPRISE => {
            let users = json::<wire::EnterpriseUsers>(body)?;
            let admins = users
                .admin_users
                .into_iter()
                .map(|u| enterprise_user(u, id, true));
            let others = users
                .non_admin_users
                .into_iter()
                .map(|u| enterprise_user(u, id, false));
            Decoded::Reply(Reply::Parties(Page::one(admins.chain(others).collect())))
        }
        Operation::ListParties { scope, .. } => {
            let org = match scope {
                Scope::Node { id, .. } => Some(id.as_str()),
                _ => None,
            };
            let list = json::<wire::OrgUserList>(body)?;
            let parties = list.users.into_iter().map(|u| org_user(u, org)).collect();
            let next = list.next_batch_prev_id.map(Cursor::new);
            paged(Reply::Parties(page(parties, None)), next)
        }
        Operation::ListApprovals { .. } => {
            let list = json::<wire::PendingApprovalList>(body)?;
            let approvals = list.pending_approvals.into_iter().map(approval).collect();
            let next = list.next_batch_prev_id.map(Cursor::new);
            paged(Reply::Approvals(page(approvals, None)), next)
        }
        Operation::Decide { approve, .. } => done(if *approve { "approved" } else { "rejected" }),
        Operation::AddMembers { .. } => done("user added"),
        Operation::RemoveMember { .. } => done("user removed"),
        _ => return Err("BitGo answered an operation it has no request for".to_owned()),
    })
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
