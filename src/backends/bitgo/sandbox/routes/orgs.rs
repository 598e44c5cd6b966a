//! Organizations: the caller's list, one organization, its enterprise summary,
//! and who the caller is (`/api/v2/user/me`).

use std::sync::Arc;

use axum::extract::{OriginalUri, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::backends::bitgo::sandbox::App;
use crate::backends::bitgo::sandbox::error::Outcome;
use crate::backends::bitgo::wire::{
    AccountType, BusinessModel, EnterpriseSummary, KycState, OrgRole, Organization,
    OrganizationAnswer, OrganizationItem, OrganizationList, UserAnswer, VerificationCounts,
};

use super::read_answer;
use super::{authenticate, member_org, org_users, query, words};

pub async fn me(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
) -> Outcome<Response> {
    let store = app.read();
    let user = authenticate(&store, &headers)?;
    query(&uri, &[])?;
    let answer = UserAnswer {
        user: org_users::org_user(&store, &store.users[user.as_str()], None),
    };
    Ok(read_answer(&store, &user, &headers, &uri, || answer))
}

pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
) -> Outcome<Response> {
    let store = app.read();
    let user = authenticate(&store, &headers)?;
    let pairs = query(&uri, &["role", "role[]"])?;
    let roles = words(&pairs, "role", OrgRole::ALL, OrgRole::as_str)?;
    let organizations = store
        .orgs
        .values()
        .filter_map(|org| {
            let role = *org.members.get(&user)?;
            (roles.is_empty() || roles.contains(&role)).then(|| OrganizationItem {
                id: org.id.clone(),
                name: org.name.clone(),
                enterprise_count: org.enterprises.len() as u64,
                role,
                business_model: org.business_model.clone(),
            })
        })
        .collect();
    Ok(read_answer(&store, &user, &headers, &uri, || {
        OrganizationList { organizations }
    }))
}

pub async fn show(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
) -> Outcome<Response> {
    let store = app.read();
    let user = authenticate(&store, &headers)?;
    query(&uri, &[])?;
    let (org, _) = member_org(&store, &id, &user)?;
    Ok(read_answer(&store, &user, &headers, &uri, || {
        OrganizationAnswer {
            organization: Organization {
                id: org.id.clone(),
                name: Some(org.name.clone()),
                pricing_plan: org.pricing_plan.clone(),
                enterprise_name_suffix: org.name_suffix.clone(),
                enterprises: org.enterprises.iter().cloned().collect(),
                org_feature_flags: Vec::new(),
                licenses: Vec::new(),
                business_model: org.business_model.clone(),
            },
        }
    }))
}

/// The four verification buckets; as the spec says, other states are left out
/// of them but still counted in the inventory.
fn count(counts: &mut VerificationCounts, state: KycState) {
    match state {
        KycState::Unverified => counts.unverified += 1,
        KycState::Approved => counts.approved += 1,
        KycState::Rejected => counts.rejected += 1,
        KycState::Pending => counts.pending += 1,
        _ => {}
    }
}

pub async fn summary(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
) -> Outcome<Response> {
    let store = app.read();
    let user = authenticate(&store, &headers)?;
    let pairs = query(&uri, &["businessModel", "businessModel[]"])?;
    let models = words(
        &pairs,
        "businessModel",
        BusinessModel::ALL,
        BusinessModel::as_str,
    )?;
    let (org, _) = member_org(&store, &id, &user)?;
    let mut summary = EnterpriseSummary::default();
    for ent in org
        .enterprises
        .iter()
        .filter_map(|e| store.enterprises.get(e))
    {
        if !models.is_empty() && !ent.business_model.is_some_and(|m| models.contains(&m)) {
            continue;
        }
        let inventory = &mut summary.inventory;
        inventory.total_count += 1;
        if ent.frozen {
            inventory.frozen_count += 1;
        } else {
            inventory.active_count += 1;
        }
        count(&mut summary.by_verification_state, ent.kyc_state);
        let by_type = &mut summary.by_account_type_and_verification_state;
        match ent.account_type {
            AccountType::Individual => count(&mut by_type.individual, ent.kyc_state),
            AccountType::Entity => count(&mut by_type.entity, ent.kyc_state),
        }
    }
    Ok(read_answer(&store, &user, &headers, &uri, || summary))
}
