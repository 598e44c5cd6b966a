//! Customer organizations: create (201, an owner and its members), add members
//! (`POST`, a set union) and replace them (`PUT`, the only way to remove one).
//! The store re-links owner and members, so every customer's `organizations[]`
//! is right after each write.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::backends::sequence::sandbox::App;
use crate::backends::sequence::sandbox::error::{Outcome, SeqError};
use crate::backends::sequence::sandbox::store::Org;

use super::check::Check;
use super::{authenticate, body_object, json, query};

pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    body: Body,
) -> Outcome<Response> {
    authenticate(&app.read(), &headers)?;
    query(&uri, &[])?;
    let body = body_object(&headers, body).await?;
    let mut store = app.write();
    let mut check = Check::default();
    let owner = check.string(&body, "ownerId", "ownerId");
    let owner = owner.filter(|id| check.customer(&store, id, "ownerId"));
    let members = check.member_ids(&store, &body, "memberIds", owner.as_deref());
    check.finish()?;
    let Some(owner_id) = owner else {
        return Err(SeqError::invalid(Vec::new()));
    };
    let org = Org {
        id: uuid::Uuid::new_v4().to_string(),
        owner_id,
        member_ids: members,
    };
    let answer = store.organization(&org);
    store.put_org(org);
    Ok(json(StatusCode::CREATED, &answer))
}

pub async fn add(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
    body: Body,
) -> Outcome<Response> {
    edit(app, headers, uri, id, body, Edit::Add).await
}

pub async fn replace(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
    body: Body,
) -> Outcome<Response> {
    edit(app, headers, uri, id, body, Edit::Replace).await
}

enum Edit {
    Add,
    Replace,
}

async fn edit(
    app: Arc<App>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    id: String,
    body: Body,
    edit: Edit,
) -> Outcome<Response> {
    authenticate(&app.read(), &headers)?;
    query(&uri, &[])?;
    let body = body_object(&headers, body).await?;
    let mut store = app.write();
    let mut org = store.orgs.get(&id).cloned().ok_or_else(|| {
        let shown: String = id.chars().take(60).collect();
        SeqError::not_found(format!("no customer organization with id {shown}"))
    })?;
    let mut check = Check::default();
    let listed = check.member_ids(&store, &body, "customerIds", Some(&org.owner_id));
    check.finish()?;
    match edit {
        Edit::Replace => org.member_ids = listed,
        Edit::Add => {
            for customer in listed {
                if !org.member_ids.contains(&customer) {
                    org.member_ids.push(customer);
                }
            }
        }
    }
    let answer = store.organization(&org);
    store.put_org(org);
    Ok(json(StatusCode::OK, &answer))
}
