//! `GET /customers`: the filters, the order and the cursor pages (`limit` 1..100,
//! `after`/`before` as opaque base64 of the id they follow, 25 by default).

use std::sync::Arc;

use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine as _;

use crate::backends::sequence::sandbox::App;
use crate::backends::sequence::sandbox::error::{Outcome, SeqError, rule};
use crate::backends::sequence::sandbox::store::Store;
use crate::backends::sequence::wire::{Customer, CustomerPage, Pagination};
use crate::sandbox::input::param;

use super::check::Check;
use super::{authenticate, json, query};

const DEFAULT_LIMIT: usize = 25;
const KNOWN: &[&str] = &[
    "limit",
    "after",
    "before",
    "includeArchived",
    "sortBy",
    "sortOrder",
    "legalName",
    "email",
    "alias",
    "label",
    "billingStatus",
];

pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
) -> Outcome<Response> {
    let store = app.read();
    authenticate(&store, &headers)?;
    let pairs = query(&uri, KNOWN)?;
    let paging = Paging::of(&pairs)?;
    let listed = listed(&store, &pairs)?;
    let cursor_at = |cursor: &str, key: &str| {
        // Found by the customer's place in the store, not by comparing ids: a
        // walk over 100,000 customers asks this a thousand times.
        let place = decode_cursor(cursor).and_then(|id| store.position.get(&id).copied());
        place
            .and_then(|place| listed.iter().position(|&at| at == place))
            .ok_or_else(|| {
                SeqError::invalid(vec![rule(
                    "invalidCursor",
                    key,
                    "is not a cursor of this list: pass pagination.after or pagination.before back",
                )])
            })
    };
    let (start, end) = match (&paging.after, &paging.before) {
        (Some(after), _) => {
            let start = cursor_at(after, "after")? + 1;
            (start, (start + paging.limit).min(listed.len()))
        }
        (None, Some(before)) => {
            let end = cursor_at(before, "before")?;
            (end.saturating_sub(paging.limit), end)
        }
        (None, None) => (0, paging.limit.min(listed.len())),
    };
    let page = &listed[start..end];
    let cursor = |at: usize| encode_cursor(&store.customers[at].id);
    let answer = CustomerPage {
        items: page
            .iter()
            .map(|&at| store.item(&store.customers[at]))
            .collect(),
        pagination: Pagination {
            after: (end < listed.len())
                .then(|| page.last().map(|&at| cursor(at)))
                .flatten(),
            before: (start > 0)
                .then(|| page.first().map(|&at| cursor(at)))
                .flatten(),
            total_result_size: listed.len() as u64,
        },
    };
    Ok(json(StatusCode::OK, &answer))
}

struct Paging {
    limit: usize,
    after: Option<String>,
    before: Option<String>,
}

impl Paging {
    fn of(pairs: &[(String, String)]) -> Outcome<Paging> {
        let mut check = Check::default();
        let limit = match param(pairs, "limit") {
            None => DEFAULT_LIMIT,
            Some(raw) => match raw.trim().parse::<usize>() {
                Ok(n) if (1..=100).contains(&n) => n,
                _ => {
                    let why = "must be a whole number from 1 to 100";
                    check.fail("invalidValue", "limit", why);
                    DEFAULT_LIMIT
                }
            },
        };
        let after = param(pairs, "after").map(str::to_owned);
        let before = param(pairs, "before").map(str::to_owned);
        if after.is_some() && before.is_some() {
            check.fail("invalidValue", "before", "send after or before, not both");
        }
        check.finish()?;
        Ok(Paging {
            limit,
            after,
            before,
        })
    }
}

/// What `sortBy` orders by.
enum SortBy {
    /// Creation order, which is the store's own.
    Created,
    LegalName,
    Label,
    Property(String),
}

/// The list's filters, read from the query.
struct Filters {
    archived: bool,
    name: Option<String>,
    email: Option<String>,
    alias: Option<String>,
    label: Option<String>,
    billing_active: Option<bool>,
}

impl Filters {
    fn keeps(&self, store: &Store, customer: &Customer) -> bool {
        let has = |wanted: &Option<String>, text: &str| {
            wanted
                .as_ref()
                .is_none_or(|w| text.to_lowercase().contains(w))
        };
        (self.archived || customer.archived_at.is_none())
            && has(&self.name, &customer.legal_name)
            && (self.email.is_none()
                || customer.contacts.iter().any(|c| has(&self.email, &c.email)))
            && self.label.as_ref().is_none_or(|wanted| {
                customer
                    .label
                    .as_ref()
                    .is_some_and(|label| label.eq_ignore_ascii_case(wanted))
            })
            && self.alias.as_ref().is_none_or(|wanted| {
                store
                    .aliases
                    .get(&customer.id)
                    .is_some_and(|aliases| aliases.contains(wanted))
            })
            && self
                .billing_active
                .is_none_or(|active| store.billing_active.contains(&customer.id) == active)
    }
}

/// Positions of the customers the filters keep, in the asked order (newest first
/// unless `sortOrder=ASC`).
fn listed(store: &Store, pairs: &[(String, String)]) -> Outcome<Vec<usize>> {
    let mut check = Check::default();
    let mut flag = |key: &str, words: [(&str, bool); 2], why: &str| match param(pairs, key) {
        None => None,
        Some(raw) => {
            let found = words.iter().find(|(word, _)| *word == raw);
            if found.is_none() {
                check.fail("invalidValue", key, why);
            }
            found.map(|&(_, value)| value)
        }
    };
    let archived = flag(
        "includeArchived",
        [("true", true), ("false", false)],
        "must be true or false",
    );
    let ascending = flag(
        "sortOrder",
        [("ASC", true), ("DESC", false)],
        "must be ASC or DESC",
    );
    let billing_active = flag(
        "billingStatus",
        [("ACTIVE", true), ("INACTIVE", false)],
        "must be ACTIVE or INACTIVE",
    );
    let sort_by = match param(pairs, "sortBy") {
        None | Some("createdAt") => SortBy::Created,
        Some("legalName") => SortBy::LegalName,
        Some("label") => SortBy::Label,
        Some(other) => match other.strip_prefix("customProperties.") {
            Some(key) if !key.is_empty() => SortBy::Property(key.to_owned()),
            _ => {
                let why = "must be createdAt, legalName, label or customProperties.<key>";
                check.fail("invalidValue", "sortBy", why);
                SortBy::Created
            }
        },
    };
    check.finish()?;
    let text = |key: &str| param(pairs, key).map(|v| v.trim().to_lowercase());
    let filters = Filters {
        archived: archived.unwrap_or(false),
        name: text("legalName"),
        email: text("email"),
        alias: param(pairs, "alias").map(|v| v.trim().to_owned()),
        label: param(pairs, "label").map(|v| v.trim().to_owned()),
        billing_active,
    };
    let mut kept: Vec<usize> = (0..store.customers.len())
        .filter(|&at| filters.keeps(store, &store.customers[at]))
        .collect();
    sort(store, &mut kept, &sort_by);
    if !ascending.unwrap_or(false) {
        kept.reverse();
    }
    Ok(kept)
}

/// Orders `kept` ascending by `sort_by`: customers without the property or the
/// label after those with one, ties in creation order.
fn sort(store: &Store, kept: &mut [usize], sort_by: &SortBy) {
    let customer = |at: &usize| &store.customers[*at];
    match sort_by {
        SortBy::Created => {}
        SortBy::LegalName => kept.sort_by_cached_key(|at| customer(at).legal_name.to_lowercase()),
        SortBy::Label => kept.sort_by_cached_key(|at| {
            let label = customer(at).label.as_deref().map(str::to_lowercase);
            (label.is_none(), label)
        }),
        SortBy::Property(key) => kept.sort_by_cached_key(|at| {
            let value = customer(at).custom_properties.get(key);
            let value = value.and_then(|v| v.as_str()).map(str::to_owned);
            (value.is_none(), value)
        }),
    }
}

/// Cursors are opaque to clients: base64 of the customer id they follow.
fn encode_cursor(id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id)
}

fn decode_cursor(cursor: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()?;
    String::from_utf8(bytes).ok()
}
