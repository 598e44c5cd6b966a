//! `GET /customers` filters and order: `legalName`, `email`, `alias`, `label`,
//! `billingStatus`, `includeArchived`, `sortBy` (creation time by default, or a
//! custom property) and `sortOrder` (DESC by default).

use serde_json::{Value, json};

use super::{ACME, Seq, new_customer};

/// Every item of a filtered list, read with the largest page.
async fn items(seq: &Seq, query: &str) -> Vec<Value> {
    let answer = seq.get(&format!("/api/customers?limit=100&{query}")).await;
    let body = answer.expect(200);
    let items = body["items"].as_array().unwrap().clone();
    assert_eq!(
        body["pagination"]["totalResultSize"],
        json!(items.len()),
        "{query}"
    );
    items
}

fn texts(items: &[Value], key: &str) -> Vec<String> {
    items
        .iter()
        .map(|c| c[key].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn each_filter_keeps_only_the_customers_it_names() {
    let seq = Seq::start().await;
    let all = items(&seq, "").await;
    let named = items(&seq, "legalName=acme").await;
    assert!(!named.is_empty() && named.len() < all.len());
    assert!(
        texts(&named, "legalName")
            .iter()
            .all(|n| n.contains("Acme"))
    );
    let startups = items(&seq, "label=Startup").await;
    assert!(!startups.is_empty() && startups.len() < all.len());
    assert!(startups.iter().all(|c| c["label"] == "Startup"));
    // Contacts are not on list items: an email finds its customer through them.
    let by_email = items(&seq, "email=ap@acme0.example").await;
    assert_eq!(texts(&by_email, "id"), [ACME]);
    assert_eq!(texts(&items(&seq, "alias=crm-0001").await, "id"), [ACME]);
    assert!(
        items(&seq, "alias=crm-00").await.is_empty(),
        "aliases match whole"
    );
    let active = items(&seq, "billingStatus=ACTIVE").await;
    let inactive = items(&seq, "billingStatus=INACTIVE").await;
    assert!(!active.is_empty() && !inactive.is_empty());
    assert_eq!(active.len() + inactive.len(), all.len());
    let archived = items(&seq, "includeArchived=true").await;
    assert!(archived.len() > all.len());
    assert!(all.iter().all(|c| c["archivedAt"].is_null()));
    assert!(archived.iter().any(|c| c["archivedAt"].is_string()));
    let both = items(&seq, "legalName=acme&label=Enterprise").await;
    assert!(both.iter().all(|c| c["label"] == "Enterprise"));
    assert!(both.len() < named.len());
}

#[tokio::test]
async fn newest_come_first_unless_asc_and_sort_by_orders_by_a_column_or_property() {
    let seq = Seq::start().await;
    let created = seq
        .post("/api/customers", &new_customer("Zz Newest Ltd"))
        .await;
    let newest = created.expect(201)["id"].as_str().unwrap().to_owned();
    let desc = items(&seq, "").await;
    assert_eq!(
        desc[0]["id"],
        newest.as_str(),
        "creation time, DESC by default"
    );
    let asc = items(&seq, "sortOrder=ASC").await;
    let mut reversed = texts(&desc, "id");
    reversed.reverse();
    assert_eq!(texts(&asc, "id"), reversed);
    let names = texts(
        &items(&seq, "sortBy=legalName&sortOrder=ASC").await,
        "legalName",
    );
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    let tiers = items(&seq, "sortBy=customProperties.tier&sortOrder=ASC").await;
    let tiers: Vec<&str> = tiers
        .iter()
        .map(|c| c["customProperties"]["tier"].as_str().unwrap_or("~"))
        .collect();
    let mut sorted = tiers.clone();
    sorted.sort();
    assert_eq!(tiers, sorted, "no tier sorts last");
    assert!(tiers.first() < tiers.last(), "{tiers:?}");
}

#[tokio::test]
async fn a_filter_or_order_outside_its_values_is_refused_by_its_key() {
    let seq = Seq::start().await;
    for (query, key) in [
        ("sortOrder=up", "sortOrder"),
        ("sortBy=colour", "sortBy"),
        ("sortBy=customProperties.", "sortBy"),
        ("billingStatus=SOMETIMES", "billingStatus"),
        ("includeArchived=yes", "includeArchived"),
    ] {
        let answer = seq.get(&format!("/api/customers?{query}")).await;
        assert_eq!(
            answer.rules(),
            [("invalidValue".to_owned(), key.to_owned())],
            "{query}"
        );
    }
}
