//! Users of an organization: `/api/org/users` (also at `/org/users`, where the
//! vendor's samples send it) with keyset paging and filters, one user, and the
//! add / role change / removal that may wait for another admin's approval.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;

use crate::backends::bitgo::sandbox::App;
use crate::backends::bitgo::sandbox::changes::Change;
use crate::backends::bitgo::sandbox::error::{BgError, Outcome};
use crate::backends::bitgo::sandbox::store::{Org, Store, User};
use crate::backends::bitgo::wire::{
    Agreements, Currency, Identity, Kyc, KycState, OrgRole, OrgUser, OrgUserList, Phone,
    UserAnswer, UserEmail, UserEnterprise, UserName, UserOrganization, UserProfile,
};
use crate::sandbox::input::Fields;

use super::members::{submit, user_param};
use super::read_answer;
use super::{
    admin_org, authenticate, batch, body_object, id_of, member_org, page_of, param, query, words,
};

/// `user` as the organization-user listing shows them: their enterprises (only
/// those of `org` when given) and organizations.
pub fn org_user(store: &Store, user: &User, org: Option<&str>) -> OrgUser {
    let enterprises = user
        .enterprises
        .iter()
        .filter_map(|id| store.enterprises.get(id))
        .filter(|e| org.is_none_or(|o| e.organization == o))
        .map(|e| UserEnterprise {
            id: e.id.clone(),
            name: e.name.clone(),
            permissions: e.users.get(&user.id).cloned().unwrap_or_default(),
            beneficial_owner: false,
        })
        .collect();
    let organizations = store
        .orgs
        .values()
        .filter_map(|o| {
            let role = *o.members.get(&user.id)?;
            Some(UserOrganization {
                id: o.id.clone(),
                name: o.name.clone(),
                role,
                permissions: Vec::new(),
            })
        })
        .collect();
    OrgUser {
        id: user.id.clone(),
        username: user.email.clone(),
        name: UserName {
            first: user.first_name.clone(),
            full: user.full_name(),
            last: user.last_name.clone(),
        },
        enterprises,
        email: UserEmail {
            email: user.email.clone(),
            verified: user.verified,
        },
        organizations,
        profile: profile(user),
    }
}

/// The account settings the listing requires; the sandbox keeps none of its own.
fn profile(user: &User) -> UserProfile {
    UserProfile {
        agreements: Agreements {
            patriot_act: 1,
            terms_of_use: 1,
        },
        currency: Currency {
            bitcoin_unit: "BTC".into(),
            currency: "USD".into(),
        },
        identity: Identity {
            kyc: Some(Kyc {
                available: true,
                required: false,
                overall_state: Some(if user.verified {
                    KycState::Approved
                } else {
                    KycState::Unverified
                }),
            }),
        },
        // The spec's who-am-I types the number as a string, never null.
        phone: Phone {
            phone: Some(String::new()),
            verified: false,
        },
        timezone: "UTC".into(),
        ..UserProfile::default()
    }
}

/// `organizationId=`, which the caller must manage or serve (admins, service users).
fn listing_org<'s>(store: &'s Store, pairs: &[(String, String)], user: &str) -> Outcome<&'s Org> {
    let id = param(pairs, "organizationId")
        .ok_or_else(|| BgError::field("organizationId", "is required"))?;
    let (org, role) = member_org(store, id, user)?;
    if matches!(role, OrgRole::Admin | OrgRole::ServiceUser) {
        Ok(org)
    } else {
        Err(BgError::forbidden(format!(
            "your role in this organization ({}) may not list its users",
            role.as_str()
        )))
    }
}

pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
) -> Outcome<Response> {
    let store = app.read();
    let user = authenticate(&store, &headers)?;
    let known = [
        "organizationId",
        "userId",
        "username",
        "search",
        "limit",
        "prevId",
        "role",
        "role[]",
    ];
    let pairs = query(&uri, &known)?;
    let page = page_of(&pairs)?;
    let roles = words(&pairs, "role", OrgRole::ALL, OrgRole::as_str)?;
    let org = listing_org(&store, &pairs, &user)?;
    let only_id = param(&pairs, "userId");
    let username = param(&pairs, "username").map(str::to_lowercase);
    let search = param(&pairs, "search").map(str::to_lowercase);
    let keep = |id: &str| {
        let (Some(u), Some(role)) = (store.users.get(id), org.members.get(id)) else {
            return false;
        };
        only_id.is_none_or(|i| i == id)
            && username.as_deref().is_none_or(|n| u.email == n)
            && search
                .as_deref()
                .is_none_or(|s| u.email.contains(s) || u.full_name().to_lowercase().contains(s))
            && (roles.is_empty() || roles.contains(role))
    };
    let members = &org.members;
    let (found, next) = batch(
        members.len(),
        |i| members.get_index(i).map(|(id, _)| id.as_str()),
        |id| members.get_index_of(id),
        &page,
        keep,
    )?;
    let answer = OrgUserList {
        users: found
            .iter()
            .map(|id| org_user(&store, &store.users[*id], Some(&org.id)))
            .collect(),
        next_batch_prev_id: next,
    };
    Ok(read_answer(&store, &user, &headers, &uri, || answer))
}

pub async fn show(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(target): Path<String>,
) -> Outcome<Response> {
    let store = app.read();
    let user = authenticate(&store, &headers)?;
    let pairs = query(&uri, &["organizationId"])?;
    let target = id_of(&target, "InvalidUserId", "user")?;
    let org = listing_org(&store, &pairs, &user)?;
    let found = store
        .users
        .get(&target)
        .filter(|_| org.members.contains_key(&target))
        .ok_or_else(|| BgError::not_found("no such user in this organization"))?;
    let answer = UserAnswer {
        user: org_user(&store, found, Some(&org.id)),
    };
    Ok(read_answer(&store, &user, &headers, &uri, || answer))
}

pub async fn add(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(org): Path<String>,
    body: Body,
) -> Outcome<Response> {
    let body = body_object(&headers, body).await?;
    let mut store = app.write();
    let user = authenticate(&store, &headers)?;
    let org = admin_org(&store, &org, &user, "add users")?.id.clone();
    let mut fields = Fields::new(&body);
    let email = fields.required_string("username", |v| {
        let v = v.trim();
        if v.contains('@') {
            Ok(v.to_lowercase())
        } else {
            Err("must be an email address".to_owned())
        }
    });
    let role = fields
        .choice("role", &[OrgRole::Admin, OrgRole::Member], OrgRole::as_str)
        .set();
    if role.is_none() && !fields.errors_at("role") {
        fields.fail("/role", "is required: admin or member");
    }
    fields.finish()?;
    let target = store.user_for_email(&email.unwrap_or_default());
    let change = Change::AddOrgUser {
        organization: org,
        user: target,
        role: role.unwrap_or(OrgRole::Member),
    };
    submit(&mut store, change, &user, false)
}

/// A role change or removal: the organization, the `userId=` and the query.
struct Target {
    org: String,
    user: String,
    pairs: Vec<(String, String)>,
}

fn target(store: &Store, uri: &Uri, org: &str, user: &str, known: &[&str]) -> Outcome<Target> {
    let pairs = query(uri, known)?;
    let target = user_param(&pairs)?;
    let org = admin_org(store, org, user, "change its users")?.id.clone();
    Ok(Target {
        org,
        user: target,
        pairs,
    })
}

pub async fn update(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(org): Path<String>,
) -> Outcome<Response> {
    let mut store = app.write();
    let user = authenticate(&store, &headers)?;
    let target = target(&store, &uri, &org, &user, &["userId", "role"])?;
    let role = words(&target.pairs, "role", OrgRole::ALL, OrgRole::as_str)?
        .last()
        .copied()
        .ok_or_else(|| {
            BgError::field(
                "role",
                "is required: serviceUser, admin, member or customer",
            )
        })?;
    let change = Change::SetOrgRole {
        organization: target.org,
        user: target.user,
        role,
    };
    submit(&mut store, change, &user, false)
}

pub async fn remove(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(org): Path<String>,
) -> Outcome<Response> {
    let mut store = app.write();
    let user = authenticate(&store, &headers)?;
    let target = target(&store, &uri, &org, &user, &["userId"])?;
    let change = Change::RemoveOrgUser {
        organization: target.org,
        user: target.user,
    };
    submit(&mut store, change, &user, false)
}
