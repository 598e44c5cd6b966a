//! Hydra collections, one page of them, as API Platform's page-number
//! pagination serves them: `page` from 1, `itemsPerPage`, and a
//! `PartialCollectionView` whose links keep the filters.

use std::collections::HashMap;

use axum::http::StatusCode;

use crate::backends::flowkiwi::sandbox::error::{Outcome, error};
use crate::backends::flowkiwi::wire::{Collection, Ld, View};

/// The contract leaves API Platform's maximum undocumented and says the sandbox
/// caps `itemsPerPage` at 100 (`shared/api/flowkiwi.md`, Collections): a larger
/// ask is served 100 a page, as `maximum_items_per_page` does, not refused.
pub const MAX_PER_PAGE: usize = 100;
const DEFAULT_PER_PAGE: usize = 30;

/// Which page of how many items a request asks for.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page: usize,
    pub per_page: usize,
}

fn positive(query: &HashMap<String, String>, key: &str, default: usize) -> Outcome<usize> {
    let Some(raw) = query.get(key) else {
        return Ok(default);
    };
    let n: usize = raw.trim().parse().map_err(|_| {
        error(
            StatusCode::BAD_REQUEST,
            format!("{key} must be a positive integer."),
        )
    })?;
    if n < 1 {
        let what = if key == "page" { "Page" } else { "Limit" };
        return Err(error(
            StatusCode::BAD_REQUEST,
            format!("{what} should not be less than 1"),
        ));
    }
    Ok(n)
}

/// `page` ≥ 1 and `itemsPerPage` ≥ 1 (0, negatives and text are 400s), the
/// latter capped at [`MAX_PER_PAGE`].
pub fn paging(query: &HashMap<String, String>) -> Outcome<Paging> {
    Ok(Paging {
        page: positive(query, "page", 1)?,
        per_page: positive(query, "itemsPerPage", DEFAULT_PER_PAGE)?.min(MAX_PER_PAGE),
    })
}

/// The filter and order parameters of `query` that `path` knows (`keys`, in
/// link order): what the view's links keep and what makes a list filtered.
fn kept(query: &HashMap<String, String>, keys: &[&str], paging: Paging) -> (String, bool) {
    let mut kept = url::form_urlencoded::Serializer::new(String::new());
    if query.contains_key("itemsPerPage") {
        kept.append_pair("itemsPerPage", &paging.per_page.to_string());
    }
    let mut filtered = false;
    for key in keys {
        if let Some(value) = query.get(*key) {
            kept.append_pair(key, value);
            filtered = true;
        }
    }
    (kept.finish(), filtered)
}

/// One page of `items` (all of them, in order) at `path`, each turned into
/// its wire form by `wire` only when it is on the page.
pub fn collection<I, T>(
    path: &str,
    context: &str,
    query: &HashMap<String, String>,
    keys: &[&str],
    items: &[I],
    wire: impl Fn(&I) -> T,
) -> Outcome<Collection<T>> {
    let paging = paging(query)?;
    let total = items.len();
    let member = items
        .iter()
        .skip((paging.page - 1).saturating_mul(paging.per_page))
        .take(paging.per_page)
        .map(wire)
        .collect();
    let (kept, filtered) = kept(query, keys, paging);
    // A filtered list always has a view; an unfiltered one only when paged.
    let paged = total > paging.per_page || paging.page > 1 || filtered;
    Ok(Collection {
        ld: Ld {
            context: Some(context.to_owned()),
            id: path.to_owned(),
            kind: "Collection".to_owned(),
        },
        total_items: Some(total as u64),
        member,
        view: paged.then(|| view(path, paging, total, &kept)),
        search: None,
    })
}

/// The view of one page; `kept` is the query its links carry besides `page`.
fn view(path: &str, paging: Paging, total: usize, kept: &str) -> View {
    let link = |n: usize| match kept {
        "" => format!("{path}?page={n}"),
        kept => format!("{path}?{kept}&page={n}"),
    };
    let last = total.div_ceil(paging.per_page.max(1)).max(1);
    let page = paging.page;
    View {
        id: link(page),
        kind: "PartialCollectionView".to_owned(),
        first: Some(link(1)),
        last: Some(link(last)),
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < last).then(|| link(page + 1)),
    }
}

/// A partial, case-insensitive match, as every Flowkiwi text filter is.
pub fn matches(query: &HashMap<String, String>, key: &str, value: &str) -> bool {
    query
        .get(key)
        .is_none_or(|want| value.to_lowercase().contains(&want.to_lowercase()))
}
