//! `GET /customers`: cursor pages of `limit` 1..100, `after` and `before`.

use std::collections::HashSet;

use orgdeck::backends::sequence::sandbox::SandboxConfig;
use serde_json::Value;

use super::{Answer, Seq};

fn ids(answer: &Answer) -> Vec<String> {
    answer.expect(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn pages_of_two_follow_after_to_the_end_and_before_back() {
    let seq = Seq::start().await;
    let first = seq.get("/api/customers?limit=2").await;
    let total = first.body["pagination"]["totalResultSize"]
        .as_u64()
        .unwrap() as usize;
    assert!(total >= 30, "{total}");
    assert!(first.body["pagination"]["before"].is_null());
    assert!(
        first.body["items"][0]["contacts"].is_null(),
        "list items have no contacts"
    );
    let mut pages = vec![ids(&first)];
    let mut answer = first;
    while let Some(after) = answer.body["pagination"]["after"]
        .as_str()
        .map(str::to_owned)
    {
        answer = seq
            .get(&format!("/api/customers?limit=2&after={after}"))
            .await;
        let page = ids(&answer);
        assert!(!page.is_empty() && page.len() <= 2);
        pages.push(page);
    }
    let seen: Vec<String> = pages.concat();
    assert_eq!(seen.len(), total);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), total);
    let before = answer.body["pagination"]["before"]
        .as_str()
        .unwrap()
        .to_owned();
    let back = seq
        .get(&format!("/api/customers?limit=2&before={before}"))
        .await;
    assert_eq!(ids(&back), pages[pages.len() - 2]);
}

#[tokio::test]
async fn a_limit_outside_1_to_100_and_a_foreign_cursor_are_refused() {
    let seq = Seq::start().await;
    for limit in ["0", "101", "500", "ten"] {
        let answer = seq.get(&format!("/api/customers?limit={limit}")).await;
        assert_eq!(
            answer.rules(),
            [("invalidValue".to_owned(), "limit".to_owned())]
        );
    }
    seq.get("/api/customers?limit=100").await.expect(200);
    let answer = seq.get("/api/customers?after=bm90LWFuLWlk").await;
    assert_eq!(
        answer.rules(),
        [("invalidCursor".to_owned(), "after".to_owned())]
    );
}

#[tokio::test]
async fn a_hundred_thousand_generated_customers_page_like_the_seed() {
    let config = SandboxConfig {
        customers: Some(100_000),
        ..SandboxConfig::default()
    };
    let seq = Seq::start_with(config).await;
    let first = seq.get("/api/customers?limit=100").await;
    let total = first.body["pagination"]["totalResultSize"]
        .as_u64()
        .unwrap();
    assert!(total >= 100_030, "{total}");
    assert_eq!(first.body["items"].as_array().map(Vec::len), Some(100));
    let after = first.body["pagination"]["after"].as_str().unwrap();
    let next = seq
        .get(&format!("/api/customers?limit=100&after={after}"))
        .await;
    let first_ids: HashSet<String> = ids(&first).into_iter().collect();
    assert!(ids(&next).iter().all(|id| !first_ids.contains(id)));
    let name: &Value = &next.body["items"][0]["legalName"];
    assert!(
        name.as_str()
            .is_some_and(|n| n.starts_with("Generated Customer")),
        "{name}"
    );
}
