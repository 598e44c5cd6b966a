//! `/tenants`: the caller's tenant settings.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, State};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::backends::muninx::rules;
use crate::backends::muninx::sandbox::App;
use crate::backends::muninx::sandbox::problem::Outcome;
use crate::backends::muninx::wire::{CustomerAccessType, ReplyIdentity, UserStatus, UserType};
use crate::sandbox::input::{self, Fields, Patch};

use super::{authenticate, conditional_json, etag, message, no_query};

const MAX_DOMAIN_LIST: usize = 500;

pub async fn show(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
) -> Outcome<Response> {
    let store = app.read();
    let caller = authenticate(&store, &headers)?;
    caller.require_staff("read tenant settings")?;
    no_query(&uri)?;
    let tenant = &store.tenants[caller.tenant];
    Ok(conditional_json(
        &headers,
        etag(tenant.revision, &caller, &uri),
        || &tenant.settings,
    ))
}

fn access_word(value: CustomerAccessType) -> &'static str {
    match value {
        CustomerAccessType::Open => "open",
        CustomerAccessType::Closed => "closed",
        CustomerAccessType::Restricted => "restricted",
    }
}

fn reply_word(value: ReplyIdentity) -> &'static str {
    match value {
        ReplyIdentity::Agent => "agent",
        ReplyIdentity::Organization => "organization",
    }
}

pub async fn update(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Body,
) -> Outcome<Response> {
    let bytes = input::read_body(body).await?;
    let mut store = app.write();
    let caller = authenticate(&store, &headers)?;
    caller.require_admin("change tenant settings")?;
    let object = input::json_object(&headers, &bytes)?;
    let tenant = &mut store.tenants[caller.tenant];
    let mut fields = Fields::new(&object);
    let display_name = fields.string("display-name", |v| rules::text(v, rules::MAX_DISPLAY_NAME));
    let access = fields.choice(
        "customer-access-type",
        &[
            CustomerAccessType::Open,
            CustomerAccessType::Closed,
            CustomerAccessType::Restricted,
        ],
        access_word,
    );
    let allowed = fields.string_list("allowed-domains", MAX_DOMAIN_LIST, rules::domain);
    let blocked = fields.string_list("blocked-domains", MAX_DOMAIN_LIST, rules::domain);
    let owner = fields.string("owner", |v| {
        let email = rules::email(v)?;
        match tenant.users.get(&email) {
            Some(u) if u.kind == UserType::Admin && u.status == UserStatus::Active => Ok(email),
            Some(_) => Err(format!("{email} is not an active admin of this tenant")),
            None => Err(format!("no user {email} in this tenant")),
        }
    });
    let reply = fields.choice(
        "reply-identity",
        &[ReplyIdentity::Agent, ReplyIdentity::Organization],
        reply_word,
    );
    for key in [
        "display-name",
        "customer-access-type",
        "allowed-domains",
        "blocked-domains",
        "owner",
        "reply-identity",
    ] {
        if object.get(key).is_some_and(serde_json::Value::is_null) {
            fields.fail(format!("/{key}"), "may not be null");
        }
    }
    fields.finish()?;
    let settings = &mut tenant.settings;
    if let Patch::Set(value) = display_name {
        settings.display_name = value;
    }
    if let Patch::Set(value) = access {
        settings.customer_access_type = value;
    }
    if let Patch::Set(value) = allowed {
        settings.allowed_domains = value;
    }
    if let Patch::Set(value) = blocked {
        settings.blocked_domains = value;
    }
    if let Patch::Set(value) = owner {
        settings.owner = value;
    }
    if let Patch::Set(value) = reply {
        settings.reply_identity = value;
    }
    tenant.touch();
    Ok(message("Org updated"))
}
