//! Users of an enterprise: the v1 list (admins apart), the v2 add / change /
//! remove that may turn into a pending approval, and the organization's add of an
//! existing user to one of its enterprises.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::backends::bitgo::sandbox::App;
use crate::backends::bitgo::sandbox::changes::Change;
use crate::backends::bitgo::sandbox::error::{BgError, Outcome};
use crate::backends::bitgo::sandbox::store::{Ent, Store, User};
use crate::backends::bitgo::wire::{
    EnterpriseUser, EnterpriseUsers, OrgRole, PendingApprovals, Permission, UserEmail,
};
use crate::sandbox::input::{Fields, kind_of};
use crate::sandbox::json_response;

use super::enterprises::visible_enterprise;
use super::read_answer;
use super::{admin_org, authenticate, body_object, id_of, param, query};

fn listed(user: &User) -> EnterpriseUser {
    EnterpriseUser {
        id: user.id.clone(),
        username: user.email.clone(),
        first_name: Some(user.first_name.clone()),
        last_name: Some(user.last_name.clone()),
        full_name: Some(user.full_name()),
        is_active: user.verified,
        email: UserEmail {
            email: user.email.clone(),
            verified: user.verified,
        },
        verified: user.verified,
    }
}

pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(ent): Path<String>,
) -> Outcome<Response> {
    let store = app.read();
    let user = authenticate(&store, &headers)?;
    let pairs = query(&uri, &["allowInactiveUsers"])?;
    let inactive = match param(&pairs, "allowInactiveUsers") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            return Err(BgError::field(
                "allowInactiveUsers",
                "must be true or false",
            ));
        }
    };
    let ent = visible_enterprise(&store, &ent, &user)?;
    let mut answer = EnterpriseUsers {
        admin_users: Vec::new(),
        non_admin_users: Vec::new(),
        count: 0,
        incomplete: false,
    };
    for (id, permissions) in &ent.users {
        let Some(member) = store.users.get(id).filter(|u| inactive || u.verified) else {
            continue;
        };
        if permissions.contains(&Permission::Admin) {
            answer.admin_users.push(listed(member));
        } else {
            answer.non_admin_users.push(listed(member));
        }
        answer.count += 1;
    }
    Ok(read_answer(&store, &user, &headers, &uri, || answer))
}

/// Enterprise `id`, refused unless `user` administers it or its organization.
fn managed<'s>(store: &'s Store, id: &str, user: &str) -> Outcome<&'s Ent> {
    let id = id_of(id, "InvalidEnterpriseId", "enterprise")?;
    let ent = store
        .enterprises
        .get(&id)
        .ok_or_else(|| BgError::not_found("enterprise not found"))?;
    if ent.is_admin(user) || store.role_in(&ent.organization, user) == Some(OrgRole::Admin) {
        Ok(ent)
    } else {
        Err(BgError::forbidden(
            "only an admin of this enterprise or of its organization may change its users",
        ))
    }
}

/// Makes `change` (200 `{}`) or, where approvals are required, holds it (202 with
/// the pending approval, wrapped in `{pendingApprovals: […]}` when `wrapped`).
pub fn submit(store: &mut Store, change: Change, user: &str, wrapped: bool) -> Outcome<Response> {
    if !store.needs_approval(&change) {
        store.apply(&change)?;
        return Ok(json_response(StatusCode::OK, &json!({})));
    }
    let id = store.hold(change, user, None)?;
    let record = store.approvals[id.as_str()].record.clone();
    Ok(if wrapped {
        json_response(
            StatusCode::ACCEPTED,
            &PendingApprovals {
                pending_approvals: vec![record],
            },
        )
    } else {
        json_response(StatusCode::ACCEPTED, &record)
    })
}

/// `permission`/`permissions`: one word or a list of them.
fn permissions(body: &Map<String, Value>, key: &str, fields: &mut Fields) -> Vec<Permission> {
    let words = |v: &Value| {
        v.as_str()
            .and_then(|w| Permission::ALL.iter().copied().find(|p| p.as_str() == w))
    };
    let all = "must be admin, auditor or wallet.create";
    match body.get(key) {
        None | Some(Value::Null) => {
            fields.fail(format!("/{key}"), "is required");
            Vec::new()
        }
        Some(Value::Array(items)) if !items.is_empty() => {
            let mut out = Vec::new();
            for (index, item) in items.iter().enumerate() {
                match words(item) {
                    Some(p) if !out.contains(&p) => out.push(p),
                    Some(_) => {}
                    None => fields.fail(format!("/{key}/{index}"), all),
                }
            }
            out
        }
        Some(other) => match words(other) {
            Some(p) => vec![p],
            None if other.is_string() => {
                fields.fail(format!("/{key}"), all);
                Vec::new()
            }
            None => {
                fields.fail(format!("/{key}"), format!("{all}, not {}", kind_of(other)));
                Vec::new()
            }
        },
    }
}

fn email_rule(v: &str) -> Result<String, String> {
    let v = v.trim();
    if v.contains('@') && !v.starts_with('@') && !v.ends_with('@') {
        Ok(v.to_lowercase())
    } else {
        Err("must be an email address".to_owned())
    }
}

pub async fn add(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(ent): Path<String>,
    body: Body,
) -> Outcome<Response> {
    let body = body_object(&headers, body).await?;
    let mut store = app.write();
    let user = authenticate(&store, &headers)?;
    let ent = managed(&store, &ent, &user)?.id.clone();
    let mut fields = Fields::new(&body);
    let one = fields.string("username", email_rule).set();
    let many = fields.string_list("usernames", 50, email_rule).set();
    let permissions = permissions(&body, "permission", &mut fields);
    fields.boolean("invite");
    fields.boolean("videoIdUser");
    let emails: Vec<String> = one.into_iter().chain(many.unwrap_or_default()).collect();
    if emails.is_empty() && fields.errors.is_empty() {
        fields.fail("/username", "is required (or usernames)");
    }
    fields.finish()?;
    // Refused before anyone is invited, so a refused add creates no user.
    let known: Vec<String> = emails
        .iter()
        .filter_map(|e| store.user_by_email(e))
        .map(|u| u.id.clone())
        .collect();
    if !known.is_empty() {
        store.check(&Change::AddEnterpriseUser {
            enterprise: ent.clone(),
            users: known,
            permissions: permissions.clone(),
        })?;
    }
    // Someone without an account yet is invited: they appear as an inactive user.
    let users = emails.iter().map(|e| store.user_for_email(e)).collect();
    let change = Change::AddEnterpriseUser {
        enterprise: ent,
        users,
        permissions,
    };
    submit(&mut store, change, &user, false)
}

/// What `role=` of the enterprise PUT grants.
fn role_permissions(role: &str) -> Option<Vec<Permission>> {
    match role {
        "admin" => Some(vec![Permission::Admin]),
        "auditor" => Some(vec![Permission::Auditor]),
        "wallet.create" => Some(vec![Permission::WalletCreate]),
        "member" => Some(Vec::new()),
        _ => None,
    }
}

/// `userId=` of a query, checked against the id pattern.
pub fn user_param(pairs: &[(String, String)]) -> Outcome<String> {
    let raw = param(pairs, "userId").ok_or_else(|| BgError::field("userId", "is required"))?;
    id_of(raw, "InvalidUserId", "user")
}

pub async fn update(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(ent): Path<String>,
) -> Outcome<Response> {
    let mut store = app.write();
    let user = authenticate(&store, &headers)?;
    let pairs = query(&uri, &["userId", "role"])?;
    let target = user_param(&pairs)?;
    let permissions = param(&pairs, "role")
        .and_then(role_permissions)
        .ok_or_else(|| BgError::field("role", "must be admin, auditor, wallet.create or member"))?;
    let ent = managed(&store, &ent, &user)?.id.clone();
    let change = Change::SetEnterprisePermissions {
        enterprise: ent,
        user: target,
        permissions,
    };
    submit(&mut store, change, &user, false)
}

pub async fn remove(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(ent): Path<String>,
    body: Body,
) -> Outcome<Response> {
    let body = body_object(&headers, body).await?;
    let mut store = app.write();
    let user = authenticate(&store, &headers)?;
    let ent = managed(&store, &ent, &user)?.id.clone();
    let mut fields = Fields::new(&body);
    let email = fields.required_string("username", email_rule);
    fields.finish()?;
    let target = known_user(&store, &email.unwrap_or_default())?;
    let change = Change::RemoveEnterpriseUser {
        enterprise: ent,
        user: target,
    };
    submit(&mut store, change, &user, true)
}

fn known_user(store: &Store, email: &str) -> Outcome<String> {
    store
        .user_by_email(email)
        .map(|u| u.id.clone())
        .ok_or_else(|| {
            BgError::bad_request(
                "UserNotFound",
                "no BitGo user has this email: they need an account first",
            )
            .with_context(json!({ "email": email }))
        })
}

/// Adds an existing user only: the invitee needs a BitGo account first.
pub async fn add_existing(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((org, ent)): Path<(String, String)>,
    body: Body,
) -> Outcome<Response> {
    let body = body_object(&headers, body).await?;
    let mut store = app.write();
    let user = authenticate(&store, &headers)?;
    let org = admin_org(&store, &org, &user, "add users to its enterprises")?
        .id
        .clone();
    let ent = id_of(&ent, "InvalidEnterpriseId", "enterprise")?;
    if store
        .enterprises
        .get(&ent)
        .is_none_or(|e| e.organization != org)
    {
        return Err(BgError::not_found(
            "enterprise not found in this organization",
        ));
    }
    let mut fields = Fields::new(&body);
    let email = fields.required_string("email", email_rule);
    let permissions = if body.contains_key("permissions") {
        permissions(&body, "permissions", &mut fields)
    } else {
        vec![Permission::Admin]
    };
    fields.finish()?;
    let target = known_user(&store, &email.unwrap_or_default())?;
    store.apply(&Change::AddEnterpriseUser {
        enterprise: ent,
        users: vec![target.clone()],
        permissions,
    })?;
    Ok(json_response(StatusCode::OK, &json!({ "userId": target })))
}
