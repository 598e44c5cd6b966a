//! `/users…`: list with filters, read, invite, update, delete (revokes a pending
//! invite) and resend the activation email.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::backends::muninx::rules;
use crate::backends::muninx::sandbox::App;
use crate::backends::muninx::sandbox::problem::{FieldError, Outcome, Problem};
use crate::backends::muninx::sandbox::store::Tenant;
use crate::backends::muninx::wire::{AgentType, OrgStatus, User, UserStatus, UserType};
use crate::sandbox::input::{self, Fields, Patch};

use super::{Caller, authenticate, conditional_json, etag, message, no_query};
use crate::sandbox::{conditional, json_list};

pub const INVITED: &str = "A confirmation email has been sent to the new user's email";

const FILTERS: [&str; 5] = [
    "type",
    "status",
    "agent-type",
    "organization",
    "auto-assign-tickets",
];

/// Which users a list shows: the query's filters and the caller's view (customers see
/// only themselves). Owned, since the list is written after the handler returns.
struct UserFilter {
    only: Option<String>,
    types: Option<Vec<UserType>>,
    statuses: Option<Vec<UserStatus>>,
    agent_types: Option<Vec<AgentType>>,
    auto_assign: Option<Vec<bool>>,
    organizations: Option<Vec<String>>,
}

impl UserFilter {
    fn from_query(query: Option<&str>, caller: &Caller) -> Outcome<UserFilter> {
        let pairs = input::query(query, &FILTERS)?;
        let organizations = input::param(&pairs, "organization").map(|raw| {
            raw.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        });
        Ok(UserFilter {
            only: (!caller.role.is_staff()).then(|| caller.email.clone()),
            types: input::word_filter(&pairs, "type", &UserType::ALL, UserType::as_str)?,
            statuses: input::word_filter(&pairs, "status", &UserStatus::ALL, UserStatus::as_str)?,
            agent_types: input::word_filter(
                &pairs,
                "agent-type",
                &AgentType::ALL,
                AgentType::as_str,
            )?,
            auto_assign: input::word_filter(&pairs, "auto-assign-tickets", &[true, false], |b| {
                if b { "true" } else { "false" }
            })?,
            organizations,
        })
    }

    fn keeps(&self, user: &User) -> bool {
        self.only.as_ref().is_none_or(|email| user.email == *email)
            && self.types.as_ref().is_none_or(|t| t.contains(&user.kind))
            && self
                .statuses
                .as_ref()
                .is_none_or(|s| s.contains(&user.status))
            && self
                .agent_types
                .as_ref()
                .is_none_or(|a| user.agent_type.is_some_and(|t| a.contains(&t)))
            && self
                .auto_assign
                .as_ref()
                .is_none_or(|a| a.contains(&user.auto_assign_tickets))
            && self.organizations.as_ref().is_none_or(|o| {
                user.organization
                    .as_deref()
                    .is_some_and(|id| o.iter().any(|wanted| wanted == id))
            })
    }
}

/// `GET /users`: streamed from a snapshot of the tenant's users, so a million of them
/// leave without a serialized copy and a write meanwhile does not wait for the reader.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    RawQuery(query): RawQuery,
) -> Outcome<Response> {
    let (tag, users, filter) = {
        let store = app.read();
        let caller = authenticate(&store, &headers)?;
        let filter = UserFilter::from_query(query.as_deref(), &caller)?;
        let tenant = &store.tenants[caller.tenant];
        let tag = etag(tenant.revision, &caller, &uri);
        (tag, tenant.users.snapshot(), filter)
    };
    Ok(conditional(&headers, tag, move || {
        json_list("users", users, move |user| filter.keeps(user))
    }))
}

pub async fn show(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(email): Path<String>,
) -> Outcome<Response> {
    show_user(&app, &headers, &uri, &email)
}

fn show_user(
    app: &App,
    headers: &HeaderMap,
    uri: &axum::http::Uri,
    email: &str,
) -> Outcome<Response> {
    let store = app.read();
    let caller = authenticate(&store, headers)?;
    no_query(uri)?;
    let tenant = &store.tenants[caller.tenant];
    let user = visible_user(tenant, &caller, email)?;
    Ok(conditional_json(
        headers,
        etag(tenant.revision, &caller, uri),
        || user,
    ))
}

/// The user a path names (`me` is the caller); customers see only themselves, and a
/// user they may not see is reported exactly like one that does not exist.
fn visible_user<'t>(tenant: &'t Tenant, caller: &Caller, email: &str) -> Outcome<&'t User> {
    let key = resolve(caller, email);
    let shown: String = email.chars().take(254).collect();
    tenant
        .users
        .get(&key)
        .filter(|_| caller.role.is_staff() || key == caller.email)
        .ok_or_else(|| Problem::not_found(format!("no user {shown} in this tenant")))
}

fn resolve(caller: &Caller, email: &str) -> String {
    if email == "me" {
        caller.email.clone()
    } else {
        email.trim().to_lowercase()
    }
}

/// Checks `organization` for a user of type `kind`; returns the id to store.
fn organization_for(
    tenant: &Tenant,
    kind: UserType,
    requested: Patch<String>,
    current: Option<&str>,
    fields: &mut Fields,
    conflicts: &mut Vec<FieldError>,
) -> Option<String> {
    if kind.is_staff() {
        return match requested {
            Patch::Set(id) if id != tenant.settings.id => {
                fields.fail(
                    "/organization",
                    format!(
                        "only customers belong to a customer organization; {}s belong to the tenant",
                        kind.as_str()
                    ),
                );
                None
            }
            _ => Some(tenant.settings.id.clone()),
        };
    }
    let id = match requested {
        Patch::Set(id) => id,
        Patch::Null => return None,
        Patch::Absent => {
            return current
                .filter(|c| *c != tenant.settings.id)
                .map(str::to_owned);
        }
    };
    match tenant.orgs.get(&id) {
        None => {
            fields.fail(
                "/organization",
                format!("no customer organization {id:?} in this tenant"),
            );
            None
        }
        Some(org) if org.status == OrgStatus::Suspended && current != Some(id.as_str()) => {
            conflicts.push(FieldError::at(
                "/organization",
                format!(
                    "{} is suspended: reactivate it before adding people to it",
                    org.display_name
                ),
            ));
            None
        }
        Some(_) => Some(id),
    }
}

/// Checks `agent-type` against the (new) type: required for staff, refused for customers.
fn agent_type_for(
    kind: UserType,
    requested: Patch<AgentType>,
    current: Option<AgentType>,
    fields: &mut Fields,
) -> Option<AgentType> {
    match (kind.is_staff(), requested) {
        (true, Patch::Set(agent_type)) => Some(agent_type),
        (true, Patch::Absent) if current.is_some() => current,
        // A value was given but refused: that error already says what is wrong.
        (true, Patch::Absent) if fields.errors_at("agent-type") => None,
        (true, _) => {
            fields.fail(
                "/agent-type",
                format!(
                    "is required for an {}: human, ai-assisted or ai-autonomous",
                    kind.as_str()
                ),
            );
            None
        }
        (false, Patch::Set(_)) => {
            fields.fail("/agent-type", "customers have no agent type; leave it out");
            None
        }
        (false, _) => None,
    }
}

fn checked(fields: Fields, conflicts: Vec<FieldError>) -> Outcome<()> {
    fields.finish()?;
    if conflicts.is_empty() {
        Ok(())
    } else {
        Err(Problem::conflict(conflicts))
    }
}

pub async fn invite(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Body,
) -> Outcome<Response> {
    let bytes = input::read_body(body).await?;
    let mut store = app.write();
    let caller = authenticate(&store, &headers)?;
    caller.require_admin("invite users")?;
    let object = input::json_object(&headers, &bytes)?;
    let tenant = &mut store.tenants[caller.tenant];
    let mut fields = Fields::new(&object);
    let mut conflicts = Vec::new();
    let email = fields.required_string("email", rules::email);
    let name = fields.required_string("name", |v| rules::text(v, rules::MAX_PERSON_NAME));
    let last_name = fields.required_string("last-name", |v| rules::text(v, rules::MAX_PERSON_NAME));
    let kind = match fields.choice("type", &UserType::ALL, UserType::as_str) {
        Patch::Set(kind) => Some(kind),
        Patch::Absent
            if fields
                .errors
                .iter()
                .any(|e| e.pointer.as_deref() == Some("/type")) =>
        {
            None
        }
        _ => {
            fields.fail("/type", "is required: admin, agent or customer");
            None
        }
    };
    let agent_type_given = fields.choice("agent-type", &AgentType::ALL, AgentType::as_str);
    let organization_given = fields.string("organization", |v| Ok(v.trim().to_owned()));
    let auto_assign = fields.boolean("auto-assign-tickets").set();
    let (agent_type, organization) = match kind {
        Some(kind) => (
            agent_type_for(kind, agent_type_given, None, &mut fields),
            organization_for(
                tenant,
                kind,
                organization_given,
                None,
                &mut fields,
                &mut conflicts,
            ),
        ),
        None => (None, None),
    };
    if let Some(email) = &email
        && tenant.users.contains_key(email)
    {
        conflicts.push(FieldError::at(
            "/email",
            format!("{email} already has an account in this tenant"),
        ));
    }
    checked(fields, conflicts)?;
    let (Some(email), Some(name), Some(last_name), Some(kind)) = (email, name, last_name, kind)
    else {
        return Err(Problem::bad_request("the invitation is incomplete"));
    };
    tenant.users.edit().insert(
        email.clone(),
        User {
            email,
            name,
            last_name,
            kind,
            agent_type,
            organization,
            status: UserStatus::Pending,
            auto_assign_tickets: auto_assign.unwrap_or(false),
            created_at: crate::backends::muninx::sandbox::store::now(),
        },
    );
    tenant.touch();
    Ok(message(INVITED))
}

pub async fn update(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(email): Path<String>,
    body: Body,
) -> Outcome<Response> {
    let bytes = input::read_body(body).await?;
    let mut store = app.write();
    let caller = authenticate(&store, &headers)?;
    let tenant = &mut store.tenants[caller.tenant];
    let key = visible_user(tenant, &caller, &email)?.email.clone();
    let is_self = key == caller.email;
    if !is_self {
        caller.require_admin("change other users")?;
    }
    let object = input::json_object(&headers, &bytes)?;
    refuse_admin_only(&caller, &object)?;
    let current = tenant.users[&key].clone();
    let mut fields = Fields::new(&object);
    let mut conflicts = Vec::new();
    let name = fields.string("name", |v| rules::text(v, rules::MAX_PERSON_NAME));
    let last_name = fields.string("last-name", |v| rules::text(v, rules::MAX_PERSON_NAME));
    for (key, value) in [("name", &name), ("last-name", &last_name)] {
        if matches!(value, Patch::Null) {
            fields.fail(format!("/{key}"), "may not be null");
        }
    }
    let kind = kind_for(&mut fields, current.kind);
    let status = status_for(&mut fields, current.status);
    let suspending = status == UserStatus::Suspended && current.status != UserStatus::Suspended;
    if is_self && suspending {
        conflicts.push(FieldError::at(
            "/status",
            "you cannot suspend your own account",
        ));
    }
    if key == tenant.settings.owner {
        conflicts.extend(owner_conflicts(&key, kind, suspending));
    }
    let agent_type_given = fields.choice("agent-type", &AgentType::ALL, AgentType::as_str);
    let agent_type = if kind.is_staff() {
        agent_type_for(kind, agent_type_given, current.agent_type, &mut fields)
    } else {
        // Turning staff into a customer drops the agent type unless the request insists.
        agent_type_for(kind, agent_type_given, None, &mut fields)
    };
    let organization_given = fields.string("organization", |v| Ok(v.trim().to_owned()));
    let organization = organization_for(
        tenant,
        kind,
        organization_given,
        current.organization.as_deref(),
        &mut fields,
        &mut conflicts,
    );
    let auto_assign = match fields.boolean("auto-assign-tickets") {
        Patch::Set(value) => value,
        Patch::Null => {
            fields.fail("/auto-assign-tickets", "must be \"true\" or \"false\"");
            current.auto_assign_tickets
        }
        Patch::Absent => current.auto_assign_tickets,
    };
    checked(fields, conflicts)?;
    let user = User {
        name: name.set().unwrap_or(current.name),
        last_name: last_name.set().unwrap_or(current.last_name),
        kind,
        agent_type,
        organization,
        status,
        auto_assign_tickets: auto_assign,
        ..current
    };
    tenant.users.edit().insert(key, user);
    tenant.touch();
    Ok(message("User updated"))
}

/// Fields only an admin may change, even on their own account.
fn refuse_admin_only(
    caller: &Caller,
    object: &serde_json::Map<String, serde_json::Value>,
) -> Outcome<()> {
    const ADMIN_ONLY: [&str; 5] = [
        "type",
        "organization",
        "status",
        "agent-type",
        "auto-assign-tickets",
    ];
    if caller.role != super::UserType::Admin
        && let Some(field) = ADMIN_ONLY.iter().find(|f| object.contains_key(**f))
    {
        return Err(Problem::forbidden(format!(
            "your role ({}) may change only name and last-name; {field} is for admins",
            caller.role.as_str()
        )));
    }
    Ok(())
}

/// The type asked for, which may not be null.
fn kind_for(fields: &mut Fields<'_>, current: UserType) -> UserType {
    match fields.choice("type", &UserType::ALL, UserType::as_str) {
        Patch::Set(kind) => kind,
        Patch::Null => {
            fields.fail("/type", "may not be null");
            current
        }
        Patch::Absent => current,
    }
}

/// The status asked for: active or suspended; pending only if it already is.
fn status_for(fields: &mut Fields<'_>, current: UserStatus) -> UserStatus {
    match fields.choice("status", &UserStatus::ALL, UserStatus::as_str) {
        Patch::Set(UserStatus::Pending) if current != UserStatus::Pending => {
            fields.fail("/status", "a user becomes pending only by being invited");
            current
        }
        Patch::Set(status) => status,
        Patch::Null => {
            fields.fail("/status", "must be active or suspended");
            current
        }
        Patch::Absent => current,
    }
}

/// The tenant's owner stays an active admin until another admin owns the tenant.
fn owner_conflicts(key: &str, kind: UserType, suspending: bool) -> Vec<FieldError> {
    let fix = "make another admin the owner first (PATCH /tenants owner)";
    let mut conflicts = Vec::new();
    if kind != UserType::Admin {
        conflicts.push(FieldError::at(
            "/type",
            format!("{key} owns the tenant and must stay an admin: {fix}"),
        ));
    }
    if suspending {
        conflicts.push(FieldError::at(
            "/status",
            format!("{key} owns the tenant and cannot be suspended: {fix}"),
        ));
    }
    conflicts
}

pub async fn remove(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(email): Path<String>,
) -> Outcome<Response> {
    let mut store = app.write();
    let caller = authenticate(&store, &headers)?;
    caller.require_admin("delete users or revoke invites")?;
    let tenant_index = caller.tenant;
    let tenant = &mut store.tenants[tenant_index];
    let key = visible_user(tenant, &caller, &email)?.email.clone();
    if key == caller.email {
        return Err(Problem::conflict_detail(
            "you cannot delete your own account",
        ));
    }
    if key == tenant.settings.owner {
        return Err(Problem::conflict_detail(format!(
            "{key} owns the tenant: make another admin the owner first (PATCH /tenants owner)"
        )));
    }
    tenant.users.edit().shift_remove(&key);
    tenant.touch();
    store
        .tokens
        .retain(|_, token| !(token.tenant == tenant_index && token.user == key));
    Ok(message("User deleted"))
}

pub async fn resend(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(email): Path<String>,
) -> Outcome<Response> {
    let store = app.read();
    let caller = authenticate(&store, &headers)?;
    caller.require_admin("resend activation emails")?;
    let tenant = &store.tenants[caller.tenant];
    let user = visible_user(tenant, &caller, &email)?;
    if user.status != UserStatus::Pending {
        return Err(Problem::conflict_detail(format!(
            "{} is {}, not pending: only pending invites get an activation email",
            user.email,
            user.status.as_str()
        )));
    }
    Ok(message("Activation email sent"))
}
