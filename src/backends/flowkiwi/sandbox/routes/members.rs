//! `/api/organizations/{id}/members[/{member}]` (ours): owners and members
//! together, `role` telling them apart; a member's id is its partner's.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::body::{json, merge_patch, object, text};
use super::page::{collection, matches};
use super::{App, created, ld, owned, partner, settle, visible};
use crate::backends::flowkiwi::rules;
use crate::backends::flowkiwi::sandbox::error::{Outcome, error, hinted, violation, violations};
use crate::backends::flowkiwi::sandbox::store::{Org, Seat, Store, iri, member_iri, now};
use crate::backends::flowkiwi::wire::{CHOICE, EMAIL, NO_PARTNER, NOT_BLANK, UNIQUE, Violation};

/// A broken rule, boxed: a violation is large beside what it stands in for.
pub(super) type Broken = Box<Violation>;

const LAST_OWNER: &str = "An organization must keep at least one owner.";
const BLANK: &str = "This value should not be blank.";

/// `email` checked as Symfony's `NotBlank` and `Email` would: the trimmed
/// address, or the violation (with a hint) that refuses it.
pub(super) fn email(raw: Option<&str>) -> Result<String, Broken> {
    let raw = raw.unwrap_or_default().trim();
    if raw.is_empty() {
        return Err(violation("email", BLANK, NOT_BLANK).into());
    }
    rules::email(raw).map_err(|_| {
        hinted(
            violation("email", "This value is not a valid email address.", EMAIL),
            "Use a full address such as name@example.com",
        )
        .into()
    })
}

/// `role` checked as `NotBlank` and `Choice(owner, member)`.
pub(super) fn role(raw: Option<&str>) -> Result<String, Broken> {
    match raw.unwrap_or_default() {
        "" => Err(violation("role", BLANK, NOT_BLANK).into()),
        "owner" | "member" => Ok(raw.unwrap_or_default().to_owned()),
        _ => Err(hinted(
            violation(
                "role",
                "The value you selected is not a valid choice.",
                CHOICE,
            ),
            "Choose owner or member.",
        )
        .into()),
    }
}

/// The `{email, role}` of a POST: both read (a wrong JSON type is a 400), then
/// checked, the email further by `email_rule` (what it finds is kept), every
/// broken rule in one 422.
pub(super) fn email_and_role<T>(
    body: &Map<String, Value>,
    email_rule: impl FnOnce(String) -> Result<T, Broken>,
) -> Outcome<(T, String)> {
    let (email_raw, role_raw) = (text(body, "email")?, text(body, "role")?);
    let email = email(email_raw.as_deref()).and_then(email_rule);
    let role = role(role_raw.as_deref());
    match (email, role) {
        (Ok(email), Ok(role)) => Ok((email, role)),
        (email, role) => Err(violations(
            [email.err(), role.err()]
                .into_iter()
                .flatten()
                .map(|v| *v)
                .collect(),
        )),
    }
}

fn seat<'o>(org: &'o Org, member: &str) -> Outcome<&'o Seat> {
    org.seat(member)
        .ok_or_else(|| error(StatusCode::NOT_FOUND, "Not Found"))
}

fn member_doc(store: &Store, org: &Org, seat: &Seat) -> Outcome<Response> {
    let member = store
        .member(org, seat, true)
        .ok_or_else(|| error(StatusCode::NOT_FOUND, "Not Found"))?;
    Ok(ld(StatusCode::OK, &member))
}

pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    settle((|| {
        let store = app.read();
        let caller = partner(&store, &headers)?;
        let org = visible(&store, &id, &caller)?;
        let people: Vec<(&Seat, &str)> = org
            .people
            .iter()
            .filter_map(|s| Some((s, store.partner(&s.partner)?.email.as_str())))
            .filter(|(s, email)| {
                matches(&query, "role", &s.role) && matches(&query, "email", email)
            })
            .collect();
        let path = format!("{}/members", iri(&org.id));
        let page = collection(
            &path,
            "/api/contexts/Member",
            &query,
            &["role", "email"],
            &people,
            |(s, _)| store.member(org, s, false),
        )?;
        Ok(ld(StatusCode::OK, &page))
    })())
}

pub async fn add(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    settle((|| {
        let mut store = app.write();
        let caller = partner(&store, &headers)?;
        json(&headers)?;
        let org = owned(&store, &id, &caller)?;
        let body = object(&body)?;
        let (partner, role) =
            email_and_role(&body, |email| match store.partner_by_email(&email) {
                None => Err(hinted(
                    violation(
                        "email",
                        "No partner account uses this email address.",
                        NO_PARTNER,
                    ),
                    "Invite them instead: an invitation makes the account.",
                )
                .into()),
                Some(p) if org.seat(&p.id).is_some() => {
                    Err(violation("email", "This partner is already a member.", UNIQUE).into())
                }
                Some(p) => Ok(p.id.clone()),
            })?;
        let seat = Seat {
            partner: partner.clone(),
            role,
            joined_at: now(),
        };
        let Some(org) = store.org_mut(&id) else {
            return Err(error(StatusCode::NOT_FOUND, "Not Found"));
        };
        org.people.push(seat.clone());
        let org = org.clone();
        let member = store.member(&org, &seat, true);
        Ok(created(&member, &member_iri(&id, &partner)))
    })())
}

pub async fn show(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((id, member)): Path<(String, String)>,
) -> Response {
    settle((|| {
        let store = app.read();
        let caller = partner(&store, &headers)?;
        let org = visible(&store, &id, &caller)?;
        member_doc(&store, org, seat(org, &member)?)
    })())
}

/// PATCH `{role}`: owners only; the last owner is not demoted (409).
pub async fn change(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((id, member)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    settle((|| {
        let mut store = app.write();
        let caller = partner(&store, &headers)?;
        merge_patch(&headers)?;
        let org = owned(&store, &id, &caller)?;
        let current = seat(org, &member)?;
        // Only `role` is writable; other keys are ignored.
        let asked = text(&object(&body)?, "role")?;
        let Some(asked) = asked else {
            return member_doc(&store, org, current);
        };
        let role = role(Some(&asked)).map_err(|v| violations(vec![*v]))?;
        if current.role == "owner" && role != "owner" && org.owner_count() == 1 {
            return Err(error(StatusCode::CONFLICT, LAST_OWNER));
        }
        let Some(org) = store.org_mut(&id) else {
            return Err(error(StatusCode::NOT_FOUND, "Not Found"));
        };
        if let Some(seat) = org.people.iter_mut().find(|s| s.partner == member) {
            seat.role = role;
        }
        let org = org.clone();
        member_doc(&store, &org, seat(&org, &member)?)
    })())
}

/// DELETE: owners remove anyone, a member itself; never the last owner (409).
pub async fn remove(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((id, member)): Path<(String, String)>,
) -> Response {
    settle((|| {
        let mut store = app.write();
        let caller = partner(&store, &headers)?;
        let org = visible(&store, &id, &caller)?;
        let target = seat(org, &member)?;
        if !org.is_owner(&caller) && caller != member {
            return Err(error(StatusCode::FORBIDDEN, "Access Denied."));
        }
        if target.role == "owner" && org.owner_count() == 1 {
            return Err(error(StatusCode::CONFLICT, LAST_OWNER));
        }
        if let Some(org) = store.org_mut(&id) {
            org.people.retain(|s| s.partner != member);
        }
        Ok(StatusCode::NO_CONTENT.into_response())
    })())
}
