//! `/api/organizations/{id}/invitations[...]` (ours): invitations for people
//! without a partner account, `pending` until accepted, revoked or expired;
//! and the test-only `/_sandbox/invitations/{id}/accept` the invitee would do.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use jiff::Timestamp;

use super::body::{json, object};
use super::members::email_and_role;
use super::page::{collection, matches};
use super::{App, created, ld, owned, partner, settle, visible};
use crate::backends::flowkiwi::sandbox::error::{Outcome, error, violation};
use crate::backends::flowkiwi::sandbox::store::{
    Invite, Kept, Org, Partner, RESEND_AFTER, Seat, Store, invitation_iri, iri, now,
};
use crate::backends::flowkiwi::wire::UNIQUE;

fn find<'o>(org: &'o Org, invitation: &str) -> Outcome<&'o Invite> {
    org.invitation(invitation)
        .ok_or_else(|| error(StatusCode::NOT_FOUND, "Not Found"))
}

fn document(store: &Store, org_id: &str, invitation: &str, at: Timestamp) -> Outcome<Response> {
    let org = store
        .org(org_id)
        .ok_or_else(|| error(StatusCode::NOT_FOUND, "Not Found"))?;
    let invite = find(org, invitation)?;
    Ok(ld(StatusCode::OK, &store.invitation(org, invite, at, true)))
}

/// A 409 unless the invitation is pending at `at` (expired is not).
fn pending(invite: &Invite, at: Timestamp, doing: &str) -> Outcome<()> {
    if invite.is_pending(at) {
        return Ok(());
    }
    let status = invite.status(at);
    Err(error(
        StatusCode::CONFLICT,
        format!("The invitation is {status}: only a pending invitation can be {doing}."),
    ))
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
        let at = now();
        let mut invites: Vec<&Invite> = org
            .invitations
            .iter()
            .filter(|i| {
                matches(&query, "status", i.status(at)) && matches(&query, "email", &i.email)
            })
            .collect();
        // Newest first; the later-made one first when two share a second.
        invites.reverse();
        invites.sort_by_key(|i| std::cmp::Reverse(i.created_at));
        let path = format!("{}/invitations", iri(&org.id));
        let page = collection(
            &path,
            "/api/contexts/Invitation",
            &query,
            &["status", "email"],
            &invites,
            |i| store.invitation(org, i, at, false),
        )?;
        Ok(ld(StatusCode::OK, &page))
    })())
}

pub async fn invite(
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
        let at = now();
        let (email, role) = email_and_role(&body, |email| {
            let member = store
                .partner_by_email(&email)
                .is_some_and(|p| org.seat(&p.id).is_some());
            let invited = org
                .invitations
                .iter()
                .any(|i| i.email.eq_ignore_ascii_case(&email) && i.is_pending(at));
            match (member, invited) {
                (true, _) => {
                    Err(violation("email", "This partner is already a member.", UNIQUE).into())
                }
                (_, true) => Err(violation(
                    "email",
                    "This email address already has a pending invitation.",
                    UNIQUE,
                )
                .into()),
                _ => Ok(email),
            }
        })?;
        let invite = Invite {
            id: uuid::Uuid::new_v4().to_string(),
            email,
            role,
            kept: Kept::Pending,
            invited_by: caller,
            created_at: at,
            last_sent_at: at,
            send_count: 1,
            accepted_at: None,
            revoked_at: None,
        };
        let Some(org) = store.org_mut(&id) else {
            return Err(error(StatusCode::NOT_FOUND, "Not Found"));
        };
        org.invitations.push(invite.clone());
        let org = org.clone();
        let wire = store.invitation(&org, &invite, at, true);
        Ok(created(&wire, &invitation_iri(&id, &invite.id)))
    })())
}

pub async fn show(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((id, invitation)): Path<(String, String)>,
) -> Response {
    settle((|| {
        let store = app.read();
        let caller = partner(&store, &headers)?;
        visible(&store, &id, &caller)?;
        document(&store, &id, &invitation, now())
    })())
}

/// A 429 with `Retry-After` (the seconds left) when the last send was less than
/// a minute before `at`.
fn too_soon(invite: &Invite, at: Timestamp) -> Outcome<()> {
    let since = at.duration_since(invite.last_sent_at);
    if since >= RESEND_AFTER {
        return Ok(());
    }
    let left = (RESEND_AFTER - since).as_secs_f64().ceil().max(1.0) as u64;
    let mut refused = error(
        StatusCode::TOO_MANY_REQUESTS,
        format!("The invitation was sent less than a minute ago; try again in {left} seconds."),
    );
    refused
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(left));
    Err(refused)
}

/// POST …/resend: a new send, seven more days; 409 not pending, 429 too soon.
pub async fn resend(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((id, invitation)): Path<(String, String)>,
) -> Response {
    settle((|| {
        let mut store = app.write();
        let caller = partner(&store, &headers)?;
        let org = owned(&store, &id, &caller)?;
        let invite = find(org, &invitation)?;
        let at = now();
        pending(invite, at, "resent")?;
        too_soon(invite, at)?;
        if let Some(invite) = store
            .org_mut(&id)
            .and_then(|o| o.invitations.iter_mut().find(|i| i.id == invitation))
        {
            invite.last_sent_at = at;
            invite.send_count = invite.send_count.saturating_add(1);
        }
        document(&store, &id, &invitation, at)
    })())
}

/// POST …/revoke: `revoked` with `revoked_at`; 409 unless pending (so twice is 409).
pub async fn revoke(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((id, invitation)): Path<(String, String)>,
) -> Response {
    settle((|| {
        let mut store = app.write();
        let caller = partner(&store, &headers)?;
        let org = owned(&store, &id, &caller)?;
        let at = now();
        pending(find(org, &invitation)?, at, "revoked")?;
        if let Some(invite) = store
            .org_mut(&id)
            .and_then(|o| o.invitations.iter_mut().find(|i| i.id == invitation))
        {
            invite.kept = Kept::Revoked;
            invite.revoked_at = Some(at);
        }
        document(&store, &id, &invitation, at)
    })())
}

/// Test-only: the invitee accepts. Their partner account is made when they have
/// none, and they join with the invited role. 404 unknown, 409 not pending.
pub async fn accept(State(app): State<Arc<App>>, Path(invitation): Path<String>) -> Response {
    settle((|| {
        let mut store = app.write();
        let at = now();
        let Some(org) = store
            .organizations
            .iter()
            .find(|o| o.invitation(&invitation).is_some())
        else {
            return Err(error(StatusCode::NOT_FOUND, "Not Found"));
        };
        let org_id = org.id.clone();
        let invite = find(org, &invitation)?.clone();
        pending(&invite, at, "accepted")?;
        let partner = match store.partner_by_email(&invite.email) {
            Some(p) => p.id.clone(),
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                store.partners.push(Partner {
                    token: None,
                    id: id.clone(),
                    email: invite.email.clone(),
                    name: None,
                });
                id
            }
        };
        if let Some(org) = store.org_mut(&org_id) {
            if org.seat(&partner).is_none() {
                org.people.push(Seat {
                    partner,
                    role: invite.role.clone(),
                    joined_at: at,
                });
            }
            if let Some(invite) = org.invitations.iter_mut().find(|i| i.id == invitation) {
                invite.kept = Kept::Accepted;
                invite.accepted_at = Some(at);
            }
        }
        document(&store, &org_id, &invitation, at)
    })())
}
