//! Keyset paging (`limit`, `prevId` → `nextBatchPrevId`) and the list filters.

use std::collections::HashSet;

use super::{ADMIN, Bg, is_id};

#[tokio::test]
async fn paging_with_limit_2_reaches_every_enterprise_once() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let items = bg.all_enterprises(ADMIN, &org, 2, "").await;
    let ids: Vec<String> = items
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicates in {ids:?}");
    let answer = bg.get(ADMIN, &format!("/api/v2/organization/{org}")).await;
    let all: Vec<String> =
        serde_json::from_value(answer.expect(200)["organization"]["enterprises"].clone()).unwrap();
    assert_eq!(ids, all, "paging must reach every enterprise, in order");
    assert_eq!(ids.len(), 30);
    assert!(ids.iter().all(|id| is_id(id)));
}

#[tokio::test]
async fn organization_users_page_to_the_end_on_both_paths() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    for base in ["/api/org/users", "/org/users"] {
        let mut seen = Vec::new();
        let mut after = String::new();
        loop {
            let answer = bg
                .get(
                    ADMIN,
                    &format!("{base}?organizationId={org}&limit=2{after}"),
                )
                .await;
            let users = answer.expect(200)["users"].as_array().unwrap().clone();
            assert!(users.len() <= 2);
            seen.extend(users.iter().map(|u| u["id"].as_str().unwrap().to_owned()));
            match answer.body["nextBatchPrevId"].as_str() {
                Some(next) => after = format!("&prevId={next}"),
                None => break,
            }
        }
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len());
        assert_eq!(seen.len(), 34, "{base}");
    }
    let admins = bg
        .get(
            ADMIN,
            &format!("/api/org/users?organizationId={org}&role=admin"),
        )
        .await;
    let admins = admins.expect(200)["users"].as_array().unwrap().clone();
    assert_eq!(admins.len(), 2);
    assert!(admins.iter().all(|u| {
        u["organizations"][0]["role"] == "admin"
            || u["organizations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["role"] == "admin")
    }));
}

#[tokio::test]
async fn limit_and_prev_id_outside_their_rules_are_refused_by_name() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let list = format!("/api/v2/organization/{org}/enterprise");
    for limit in ["0", "501", "ten", "-1"] {
        let answer = bg.get(ADMIN, &format!("{list}?limit={limit}")).await;
        assert_eq!(answer.paths(), ["limit"], "limit={limit}");
    }
    assert_eq!(
        bg.get(ADMIN, &format!("{list}?limit=500")).await.status,
        200
    );
    let answer = bg.get(ADMIN, &format!("{list}?prevId=not-an-id")).await;
    assert_eq!(answer.paths(), ["prevId"]);
    let answer = bg
        .get(ADMIN, &format!("{list}?search=Amara&prevId={org}"))
        .await;
    assert_eq!(answer.paths(), ["search"]);
    let answer = bg
        .get(ADMIN, &format!("{list}?search=Amara&idempotencyKey=k"))
        .await;
    assert_eq!(answer.paths(), ["search"]);
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let both = bg
        .all_enterprises(ADMIN, &org, 3, "&kycState=approved&kycState=rejected")
        .await;
    assert!(!both.is_empty());
    assert!(
        both.iter()
            .all(|e| e["kycState"] == "approved" || e["kycState"] == "rejected")
    );
    assert!(both.iter().any(|e| e["kycState"] == "rejected"));
    let entities = bg
        .all_enterprises(ADMIN, &org, 5, "&accountType=entity")
        .await;
    assert!(!entities.is_empty() && entities.iter().all(|e| e["accountType"] == "entity"));
    let by_name = bg.all_enterprises(ADMIN, &org, 5, "&search=volkov").await;
    assert_eq!(by_name.len(), 1, "{by_name:?}");
    assert_eq!(by_name[0]["name"], "Dmitri Volkov");
    let by_email = bg
        .all_enterprises(ADMIN, &org, 5, "&search=dmitri.volkov@")
        .await;
    assert_eq!(by_email[0]["id"], by_name[0]["id"]);
    let by_id = bg
        .all_enterprises(
            ADMIN,
            &org,
            5,
            &format!("&search={}", by_name[0]["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(by_id.len(), 1);
    let wrong = bg
        .get(
            ADMIN,
            &format!("/api/v2/organization/{org}/enterprise?kycState=inreview"),
        )
        .await;
    assert_eq!(
        wrong.paths(),
        ["kycState"],
        "the filter takes only four states"
    );
}
