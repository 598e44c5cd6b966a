//! Enterprises of an organization: the keyset-paged list with its filters and the
//! idempotency-key lookup, `/search`, the idempotent create, and one enterprise.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

use crate::backends::bitgo::sandbox::App;
use crate::backends::bitgo::sandbox::error::{BgError, Outcome};
use crate::backends::bitgo::sandbox::store::{Created, Ent, Store, now};
use crate::backends::bitgo::wire::{
    AccountType, BusinessModel, CreateEnterprise, CreatedEnterprise, Enterprise, EnterpriseItem,
    EnterpriseList, EnterpriseStub, Freeze, KycState, LegalIdentifiers, Licences, Permission,
    ThirdPartyIdentifier, is_id,
};
use crate::sandbox::input::{Fields, kind_of};
use crate::sandbox::json_response;

use super::read_answer;
use super::{
    Page, admin_org, authenticate, batch, body_object, id_of, member_org, page_of, param, query,
    words,
};

/// An enterprise as `user` sees it whole.
pub fn full(store: &Store, ent: &Ent, user: &str, detailed: bool) -> Enterprise {
    Enterprise {
        id: ent.id.clone(),
        name: ent.name.clone(),
        organization: Some(ent.organization.clone()),
        permissions: ent.users.get(user).cloned().unwrap_or_default(),
        is_beneficial_owner: false,
        accepted_invite: store.users.get(user).is_some_and(|u| u.verified),
        bitgo_org: "BitGo Trust".into(),
        kyc_state: ent.kyc_state,
        legal_identifiers: LegalIdentifiers {
            legal_person_name_identifier_type: "LEGL".into(),
            legal_person_name: Some(ent.name.clone()),
        },
        kind: "enterprise".into(),
        licences: Licences {
            can_create_cold_wallet: true,
            can_create_custodial_wallet: true,
            ..Licences::default()
        },
        upfront_payment_status: "waived".into(),
        users_view_all_wallets: false,
        video_id_waived: false,
        created_at: Some(ent.created_at.clone()),
        account_type: Some(ent.account_type),
        business_model: ent.business_model,
        freeze: ent.frozen.then(|| Freeze {
            time: Some(ent.created_at.clone()),
            expires: None,
        }),
        approvals_required: Some(ent.approvals_required),
        wallets: detailed.then(Vec::new),
        tags: detailed.then(Vec::new),
        has_scim_client: detailed.then_some(false),
    }
}

/// A list item: whole where `user` may see it so, else a stub.
fn item(store: &Store, ent: &Ent, user: &str) -> EnterpriseItem {
    if store.sees_whole(ent, user) {
        EnterpriseItem::Full(Box::new(full(store, ent, user, false)))
    } else {
        EnterpriseItem::Stub(EnterpriseStub {
            id: ent.id.clone(),
            name: ent.name.clone(),
        })
    }
}

/// Whether `text` finds `ent`: by name (any case), exact id or a user's email.
fn matches(store: &Store, ent: &Ent, text: &str) -> bool {
    let text = text.trim().to_lowercase();
    ent.id == text
        || ent.name.to_lowercase().contains(&text)
        || ent
            .users
            .keys()
            .filter_map(|u| store.users.get(u))
            .any(|u| u.email.contains(&text))
}

struct Filters {
    search: Option<String>,
    kyc: Vec<KycState>,
    account: Option<AccountType>,
    models: Vec<BusinessModel>,
}

impl Filters {
    fn keep(&self, store: &Store, ent: &Ent) -> bool {
        self.search
            .as_deref()
            .is_none_or(|s| matches(store, ent, s))
            && (self.kyc.is_empty() || self.kyc.contains(&ent.kyc_state))
            && self.account.is_none_or(|a| a == ent.account_type)
            && (self.models.is_empty()
                || ent.business_model.is_some_and(|m| self.models.contains(&m)))
    }
}

const LIST_PARAMS: &[&str] = &[
    "idempotencyKey",
    "limit",
    "prevId",
    "search",
    "kycState",
    "kycState[]",
    "accountType",
    "businessModel",
    "businessModel[]",
];

fn filters(pairs: &[(String, String)]) -> Outcome<Filters> {
    let account = words(pairs, "accountType", AccountType::ALL, AccountType::as_str)?;
    Ok(Filters {
        search: param(pairs, "search").map(str::to_owned),
        kyc: words(pairs, "kycState", KycState::FILTERS, KycState::as_str)?,
        account: account.last().copied(),
        models: words(
            pairs,
            "businessModel",
            BusinessModel::ALL,
            BusinessModel::as_str,
        )?,
    })
}

/// One batch of `org`'s enterprises that `keep` accepts.
fn list_batch(
    store: &Store,
    org: &str,
    page: &Page,
    keep: impl Fn(&Ent) -> bool,
    user: &str,
) -> Outcome<EnterpriseList> {
    let ids = &store.orgs[org].enterprises;
    let (found, next) = batch(
        ids.len(),
        |i| ids.get_index(i).map(String::as_str),
        |id| ids.get_index_of(id),
        page,
        |id| store.enterprises.get(id).is_some_and(&keep),
    )?;
    Ok(EnterpriseList {
        enterprises: found
            .iter()
            .map(|id| item(store, &store.enterprises[*id], user))
            .collect(),
        next_batch_prev_id: next,
    })
}

pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(org): Path<String>,
) -> Outcome<Response> {
    let store = app.read();
    let user = authenticate(&store, &headers)?;
    let pairs = query(&uri, LIST_PARAMS)?;
    let page = page_of(&pairs)?;
    let key = param(&pairs, "idempotencyKey");
    if param(&pairs, "search").is_some() && (key.is_some() || page.prev.is_some()) {
        return Err(BgError::field(
            "search",
            "cannot be combined with idempotencyKey or prevId",
        ));
    }
    let filters = filters(&pairs)?;
    let (org, _) = member_org(&store, &org, &user)?;
    let answer = match key {
        Some(key) => {
            let made = store.created.get(&(org.id.clone(), key.to_owned()));
            let ent = made.and_then(|c| store.enterprises.get(&c.answer.enterprise_id));
            EnterpriseList {
                enterprises: ent.map(|e| item(&store, e, &user)).into_iter().collect(),
                next_batch_prev_id: None,
            }
        }
        None => list_batch(&store, &org.id, &page, |e| filters.keep(&store, e), &user)?,
    };
    Ok(read_answer(&store, &user, &headers, &uri, || answer))
}

pub async fn search(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(org): Path<String>,
) -> Outcome<Response> {
    let store = app.read();
    let user = authenticate(&store, &headers)?;
    let pairs = query(&uri, &["q", "limit", "prevId"])?;
    let page = page_of(&pairs)?;
    let q = param(&pairs, "q").unwrap_or_default().to_owned();
    let (org, _) = member_org(&store, &org, &user)?;
    let keep = |e: &Ent| store.sees_whole(e, &user) && (q.is_empty() || matches(&store, e, &q));
    let answer = list_batch(&store, &org.id, &page, keep, &user)?;
    Ok(read_answer(&store, &user, &headers, &uri, || answer))
}

pub async fn show(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(ent): Path<String>,
) -> Outcome<Response> {
    let store = app.read();
    let user = authenticate(&store, &headers)?;
    query(&uri, &["excludeV1Wallets", "expandTotalWalletsCount"])?;
    let ent = visible_enterprise(&store, &ent, &user)?;
    let answer = full(&store, ent, &user, true);
    Ok(read_answer(&store, &user, &headers, &uri, || answer))
}

/// Enterprise `id`, refused unless `user` may see it whole.
pub fn visible_enterprise<'s>(store: &'s Store, id: &str, user: &str) -> Outcome<&'s Ent> {
    let id = id_of(id, "InvalidEnterpriseId", "enterprise")?;
    let ent = store
        .enterprises
        .get(&id)
        .ok_or_else(|| BgError::not_found("enterprise not found"))?;
    if store.sees_whole(ent, user) {
        Ok(ent)
    } else {
        Err(BgError::forbidden(
            "you hold no permission on this enterprise",
        ))
    }
}

/// The create body, every fault named by its path.
fn read_create(body: &Map<String, Value>, store: &Store) -> Outcome<CreateEnterprise> {
    let mut fields = Fields::new(body);
    let not_empty = |v: &str| {
        let v = v.trim();
        if v.is_empty() {
            Err("must not be empty".to_owned())
        } else {
            Ok(v.to_owned())
        }
    };
    let email = fields.required_string("email", not_empty);
    let key = fields.required_string("idempotencyKey", not_empty);
    let admins = fields.string_list("additionalAdmins", 100, |v| {
        if !is_id(v) {
            Err("must be a 32-character hex user id".to_owned())
        } else if !store.users.contains_key(v) {
            Err("no user has this id".to_owned())
        } else {
            Ok(v.to_owned())
        }
    });
    if body.get("additionalAdmins").is_none_or(Value::is_null) {
        fields.fail("/additionalAdmins", "is required (send [] for none)");
    }
    let is_caas = fields.boolean("isCaaS").set().unwrap_or(true);
    let account = fields
        .choice("accountType", AccountType::ALL, AccountType::as_str)
        .set();
    let third_party = third_party(body, &mut fields);
    fields.finish()?;
    Ok(CreateEnterprise {
        email: email.unwrap_or_default().to_lowercase(),
        idempotency_key: key.unwrap_or_default(),
        additional_admins: admins.set().unwrap_or_default(),
        is_caas,
        account_type: Some(account.unwrap_or(AccountType::Individual)),
        third_party_identifier: third_party,
    })
}

/// `thirdPartyIdentifier`: a list of `{id, label}`, both non-empty strings.
fn third_party(body: &Map<String, Value>, fields: &mut Fields) -> Vec<ThirdPartyIdentifier> {
    let items = match body.get("thirdPartyIdentifier") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            fields.fail(
                "/thirdPartyIdentifier",
                format!("must be a list, not {}", kind_of(other)),
            );
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let text = |key: &str| {
            item.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty())
        };
        match (text("id"), text("label")) {
            (Some(id), Some(label)) => out.push(ThirdPartyIdentifier {
                id: id.into(),
                label: label.into(),
            }),
            (id, label) => {
                for (key, value) in [("id", id), ("label", label)] {
                    if value.is_none() {
                        fields.fail(
                            format!("/thirdPartyIdentifier/{index}/{key}"),
                            "must be a non-empty string",
                        );
                    }
                }
            }
        }
    }
    out
}

pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(org): Path<String>,
    body: Body,
) -> Outcome<Response> {
    let body = body_object(&headers, body).await?;
    let mut store = app.write();
    let user = authenticate(&store, &headers)?;
    let org = admin_org(&store, &org, &user, "create enterprises")?
        .id
        .clone();
    let input = read_create(&body, &store)?;
    let mut print = input.clone();
    print.idempotency_key.clear();
    let print = serde_json::to_value(&print).unwrap_or_default();
    let key = (org.clone(), input.idempotency_key.clone());
    if let Some(made) = store.created.get(&key) {
        if made.body == print {
            return Ok(json_response(StatusCode::OK, &made.answer));
        }
        return Err(BgError::conflict(
            "IdempotencyKeyConflict",
            "this idempotencyKey was already used with a different body; nothing was created",
        )
        .with_context(serde_json::json!({ "idempotencyKey": input.idempotency_key })));
    }
    let owner = store.user_for_email(&input.email);
    let id = store.new_id();
    let mut users = indexmap::IndexMap::new();
    for admin in std::iter::once(&owner).chain(&input.additional_admins) {
        users.insert(admin.clone(), vec![Permission::Admin]);
    }
    store.insert_enterprise(Ent {
        id: id.clone(),
        name: input.email.clone(),
        organization: org,
        kyc_state: KycState::Unverified,
        account_type: input.account_type.unwrap_or(AccountType::Individual),
        business_model: Some(BusinessModel::CryptoAsAServiceChild),
        created_at: now(),
        approvals_required: 1,
        frozen: false,
        users,
    });
    let answer = CreatedEnterprise {
        enterprise_id: id,
        user_id: owner,
    };
    store.created.insert(
        key,
        Created {
            body: print,
            answer: answer.clone(),
        },
    );
    store.touch();
    Ok(json_response(StatusCode::OK, &answer))
}
