//! The rules every collection keeps: `page` from 1, `itemsPerPage` 1..100,
//! the organizations' `order[...]`, and the name's 255 characters.

use super::{ACME, Fk, JANE, JANES, ids};

#[tokio::test]
async fn page_and_items_per_page_below_one_or_not_numbers_are_400s() {
    let fk = Fk::start().await;
    for query in [
        "page=0",
        "page=abc",
        "itemsPerPage=0",
        "itemsPerPage=-1",
        "itemsPerPage=x",
    ] {
        for path in [
            "/api/organizations".to_owned(),
            format!("/api/organizations/{ACME}/members"),
            format!("/api/organizations/{ACME}/invitations"),
        ] {
            let answer = fk.get(JANE, &format!("{path}?{query}")).await;
            assert_eq!(answer.status, 400, "{path}?{query}: {}", answer.body);
            assert_eq!(answer.body["@type"], "Error");
        }
    }
    let capped = fk
        .get(
            JANE,
            &format!("/api/organizations/{ACME}/invitations?itemsPerPage=500"),
        )
        .await;
    assert_eq!(capped.expect(200)["totalItems"], 5);
    fk.stop().await;
}

#[tokio::test]
async fn organizations_order_by_name_or_created_at_and_keep_the_order_in_links() {
    let fk = Fk::start().await;
    let by_name = fk.get(JANE, "/api/organizations?order[name]=asc").await;
    let names: Vec<_> = by_name.expect(200)["member"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "Acme Corp",
            "Acme Labs",
            "Blue Fern Studio",
            "Harbor Logistics",
            "Kiwi Ventures",
            "Orchard Analytics"
        ]
    );
    let oldest = fk
        .get(
            JANE,
            "/api/organizations?order%5Bcreated_at%5D=asc&itemsPerPage=2",
        )
        .await;
    let body = oldest.expect(200);
    let mut reversed = JANES;
    reversed.reverse();
    assert_eq!(ids(body), reversed[..2]);
    assert_eq!(
        body["view"]["next"],
        "/api/organizations?itemsPerPage=2&order%5Bcreated_at%5D=asc&page=2"
    );
    let desc = fk.get(JANE, "/api/organizations?order[name]=desc").await;
    assert_eq!(desc.expect(200)["member"][0]["name"], "Orchard Analytics");
    fk.stop().await;
}

#[tokio::test]
async fn a_name_of_255_characters_is_taken_and_256_refused() {
    let fk = Fk::start().await;
    let longest = "é".repeat(255);
    let body = format!(r#"{{"name": "{longest}"}}"#);
    let made = fk.post(JANE, "/api/organizations", Some(&body)).await;
    assert_eq!(made.expect(201)["name"], longest.as_str());
    let body = format!(r#"{{"name": "{longest}e"}}"#);
    let refused = fk.post(JANE, "/api/organizations", Some(&body)).await;
    let violation = &refused.expect(422)["violations"][0];
    assert_eq!(violation["propertyPath"], "name");
    assert_eq!(violation["code"], "d94b19cc-114f-4f44-9cc4-4138e80a87b9");
    let renamed = fk
        .patch(
            JANE,
            &format!("/api/organizations/{ACME}"),
            &format!(r#"{{"name": "{longest}e"}}"#),
        )
        .await;
    renamed.expect(422);
    fk.stop().await;
}

#[tokio::test]
async fn malformed_json_and_a_non_object_are_400s() {
    let fk = Fk::start().await;
    let malformed = fk
        .post(JANE, "/api/organizations", Some(r#"{"name": "#))
        .await;
    assert_eq!(malformed.expect(400)["detail"], "Syntax error");
    let list = fk.post(JANE, "/api/organizations", Some("[1]")).await;
    list.expect(400);
    fk.stop().await;
}
