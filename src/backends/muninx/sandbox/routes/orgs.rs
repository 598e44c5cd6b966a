//! `/customer-organizations…`: list, read, look up by domain, create, update
//! (suspend/reactivate included) and delete.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::backends::muninx::rules;
use crate::backends::muninx::sandbox::App;
use crate::backends::muninx::sandbox::problem::{FieldError, Outcome, Problem};
use crate::backends::muninx::sandbox::store::Tenant;
use crate::backends::muninx::wire::{CustomerOrganization, OrgStatus};
use crate::sandbox::input::{self, Fields, Patch};
use crate::text::blank_as_none;

use super::{authenticate, conditional_json, etag, json_response, message, no_query};
use crate::sandbox::{conditional, json_list};

/// `GET /customer-organizations`: streamed from a snapshot, like the users.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    RawQuery(query): RawQuery,
) -> Outcome<Response> {
    let (tag, orgs, statuses) = {
        let store = app.read();
        let caller = authenticate(&store, &headers)?;
        caller.require_staff("list customer organizations")?;
        let pairs = input::query(query.as_deref(), &["status"])?;
        let statuses = input::word_filter(&pairs, "status", &OrgStatus::ALL, OrgStatus::as_str)?;
        let tenant = &store.tenants[caller.tenant];
        let tag = etag(tenant.revision, &caller, &uri);
        (tag, tenant.orgs.snapshot(), statuses)
    };
    Ok(conditional(&headers, tag, move || {
        json_list(
            "customer-organizations",
            orgs,
            move |org: &CustomerOrganization| {
                statuses.as_ref().is_none_or(|s| s.contains(&org.status))
            },
        )
    }))
}

pub async fn show(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
) -> Outcome<Response> {
    let store = app.read();
    let caller = authenticate(&store, &headers)?;
    caller.require_staff("read customer organizations")?;
    no_query(&uri)?;
    let tenant = &store.tenants[caller.tenant];
    let org = find(tenant, &id)?;
    Ok(conditional_json(
        &headers,
        etag(tenant.revision, &caller, &uri),
        || org,
    ))
}

pub async fn lookup(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    RawQuery(query): RawQuery,
) -> Outcome<Response> {
    let store = app.read();
    let caller = authenticate(&store, &headers)?;
    caller.require_staff("look organizations up")?;
    let pairs = input::query(query.as_deref(), &["domain"])?;
    let domain = input::param(&pairs, "domain")
        .and_then(blank_as_none)
        .ok_or_else(|| {
            Problem::invalid(vec![FieldError::parameter(
                "domain",
                "is required: /customer-organizations/lookup?domain=acme.com",
            )])
        })?;
    let tenant = &store.tenants[caller.tenant];
    let shown: String = domain.trim().chars().take(253).collect();
    let org = tenant
        .domain_owner(domain.trim())
        .and_then(|id| tenant.orgs.get(id))
        .ok_or_else(|| Problem::not_found(format!("no customer organization owns {shown}")))?;
    Ok(conditional_json(
        &headers,
        etag(tenant.revision, &caller, &uri),
        || org,
    ))
}

fn find<'t>(tenant: &'t Tenant, id: &str) -> Outcome<&'t CustomerOrganization> {
    tenant.orgs.get(id).ok_or_else(|| {
        let shown: String = id.chars().take(80).collect();
        Problem::not_found(format!("no customer organization {shown:?} in this tenant"))
    })
}

/// The writable fields of an organization as one request sends them.
struct OrgInput {
    display_name: Patch<String>,
    domains: Patch<Vec<String>>,
    external_ref: Patch<String>,
    notes: Patch<String>,
    status: Patch<OrgStatus>,
}

fn read_org_fields(fields: &mut Fields) -> OrgInput {
    OrgInput {
        display_name: fields.string("display-name", |v| rules::text(v, rules::MAX_DISPLAY_NAME)),
        domains: fields.string_list("domains", rules::MAX_DOMAINS, rules::domain),
        external_ref: fields.string("external-ref", |v| {
            if v.trim().is_empty() {
                Ok(String::new())
            } else {
                rules::external_ref(v)
            }
        }),
        notes: fields.string("notes", rules::notes),
        status: fields.choice("status", &OrgStatus::ALL, OrgStatus::as_str),
    }
}

/// 409 for every requested domain that another organization already holds.
fn domain_conflicts(tenant: &Tenant, domains: &[String], own_id: Option<&str>) -> Outcome<()> {
    let conflicts: Vec<FieldError> = domains
        .iter()
        .enumerate()
        .filter_map(|(index, domain)| {
            let owner = tenant.domain_owner(domain)?;
            if Some(owner) == own_id {
                return None;
            }
            let name = tenant
                .orgs
                .get(owner)
                .map_or(owner, |o| o.display_name.as_str());
            Some(FieldError::at(
                format!("/domains/{index}"),
                format!("domain {domain} is already used by customer organization {name}"),
            ))
        })
        .collect();
    if conflicts.is_empty() {
        Ok(())
    } else {
        Err(Problem::conflict(conflicts))
    }
}

fn empty_as_none(value: Patch<String>) -> Option<String> {
    value.set().filter(|v| !v.is_empty())
}

pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Body,
) -> Outcome<Response> {
    let bytes = input::read_body(body).await?;
    let mut store = app.write();
    let caller = authenticate(&store, &headers)?;
    caller.require_admin("create customer organizations")?;
    let object = input::json_object(&headers, &bytes)?;
    let mut fields = Fields::new(&object);
    let given = read_org_fields(&mut fields);
    if matches!(given.display_name, Patch::Null)
        || (given.display_name.is_absent() && !fields.has("display-name"))
    {
        fields.fail("/display-name", "is required");
    }
    if matches!(given.domains, Patch::Null) {
        fields.fail("/domains", "must be a list (use [] for none)");
    }
    if given.status == Patch::Set(OrgStatus::Suspended) {
        fields.fail(
            "/status",
            "a new organization starts active; suspend it once created",
        );
    }
    fields.finish()?;
    let tenant = &mut store.tenants[caller.tenant];
    let domains = given.domains.set().unwrap_or_default();
    domain_conflicts(tenant, &domains, None)?;
    let now = crate::backends::muninx::sandbox::store::now();
    let org = CustomerOrganization {
        id: tenant.next_org_id(),
        tenant_id: tenant.settings.id.clone(),
        display_name: given.display_name.set().unwrap_or_default(),
        domains,
        external_ref: empty_as_none(given.external_ref),
        notes: given.notes.set(),
        status: OrgStatus::Active,
        created_at: now,
        updated_at: now,
    };
    tenant.insert_org(org.clone());
    tenant.touch();
    Ok(json_response(axum::http::StatusCode::OK, &org))
}

pub async fn update(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> Outcome<Response> {
    let bytes = input::read_body(body).await?;
    let mut store = app.write();
    let caller = authenticate(&store, &headers)?;
    caller.require_admin("change customer organizations")?;
    let tenant = &mut store.tenants[caller.tenant];
    find(tenant, &id)?;
    let object = input::json_object(&headers, &bytes)?;
    let mut fields = Fields::new(&object);
    let given = read_org_fields(&mut fields);
    if matches!(given.display_name, Patch::Null) {
        fields.fail("/display-name", "is required and may not be null");
    }
    if matches!(given.domains, Patch::Null) {
        fields.fail("/domains", "must be a list (use [] to remove every domain)");
    }
    if matches!(given.status, Patch::Null) {
        fields.fail("/status", "must be active or suspended");
    }
    fields.finish()?;
    if let Patch::Set(domains) = &given.domains {
        domain_conflicts(tenant, domains, Some(&id))?;
    }
    if let Patch::Set(domains) = given.domains {
        tenant.set_domains(&id, domains);
    }
    if let Some(org) = tenant.orgs.edit().get_mut(&id) {
        if let Patch::Set(name) = given.display_name {
            org.display_name = name;
        }
        match given.external_ref {
            Patch::Set(url) => org.external_ref = Some(url).filter(|u| !u.is_empty()),
            Patch::Null => org.external_ref = None,
            Patch::Absent => {}
        }
        match given.notes {
            Patch::Set(notes) => org.notes = Some(notes),
            Patch::Null => org.notes = None,
            Patch::Absent => {}
        }
        if let Patch::Set(status) = given.status {
            org.status = status;
        }
        org.updated_at = crate::backends::muninx::sandbox::store::now();
    }
    tenant.touch();
    Ok(message("Customer org updated"))
}

pub async fn remove(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Outcome<Response> {
    let mut store = app.write();
    let caller = authenticate(&store, &headers)?;
    caller.require_admin("delete customer organizations")?;
    let tenant = &mut store.tenants[caller.tenant];
    find(tenant, &id)?;
    tenant.remove_org(&id);
    tenant.touch();
    Ok(message("Customer org deleted"))
}
