//! Organizations: bearer tokens, the Hydra collection and its pages, one
//! organization, create, merge-patch rename, delete, and the problem documents.

use reqwest::Method;
use serde_json::json;

use super::{ACME, Fk, HARBOR, JANE, JANES, LABS, NIMBUS, PROBLEM, SAM, ids};

#[tokio::test]
async fn an_unknown_token_is_a_401_error_document() {
    let fk = Fk::start().await;
    let answer = fk.get("nobody", "/api/organizations").await;
    let body = answer.expect(401);
    assert_eq!(answer.header("content-type"), PROBLEM);
    assert!(answer.header("link").contains("hydra/error"));
    assert_eq!(body["@type"], "Error");
    assert_eq!(body["@id"], "/api/errors/401");
    fk.stop().await;
}

#[tokio::test]
async fn the_collection_lists_the_caller_s_organizations_newest_first() {
    let fk = Fk::start().await;
    let answer = fk.get(JANE, "/api/organizations").await;
    let body = answer.expect(200);
    assert!(
        answer
            .header("content-type")
            .starts_with("application/ld+json")
    );
    assert_eq!(body["@type"], "Collection");
    assert_eq!(body["totalItems"], 6);
    assert_eq!(ids(body), JANES);
    assert!(body.get("view").is_none(), "one page has no view");
    let acme = &body["member"][5];
    assert_eq!(acme["owners"][0]["email"], "jane@acme.example");
    assert_eq!(acme["members"][0]["role"], "member");
    fk.stop().await;
}

#[tokio::test]
async fn pages_follow_view_next_and_items_per_page_is_capped_at_100() {
    let fk = Fk::start().await;
    let first = fk.get(JANE, "/api/organizations?itemsPerPage=1").await;
    let body = first.expect(200).clone();
    assert_eq!(body["member"].as_array().unwrap().len(), 1);
    let next = body["view"]["next"]
        .as_str()
        .expect("a next page")
        .to_owned();
    let second = fk.get(JANE, &next).await;
    let body = second.expect(200).clone();
    assert_eq!(body["member"][0]["id"], HARBOR);
    assert_eq!(
        body["view"]["previous"],
        "/api/organizations?itemsPerPage=1&page=1"
    );
    let mut seen = vec![JANES[0].to_owned()];
    let mut page = body;
    loop {
        seen.extend(ids(&page));
        let Some(next) = page["view"]["next"].as_str().map(str::to_owned) else {
            break;
        };
        page = fk.get(JANE, &next).await.expect(200).clone();
    }
    assert_eq!(seen, JANES, "the last page has no next");
    let capped = fk
        .get(JANE, "/api/organizations?itemsPerPage=1000&page=2")
        .await;
    // 100 a page: six organizations fit on the first, so page 2 is empty.
    assert_eq!(capped.expect(200)["member"], json!([]));
    assert_eq!(
        capped.body["view"]["last"],
        "/api/organizations?itemsPerPage=100&page=1"
    );
    fk.stop().await;
}

#[tokio::test]
async fn one_organization_is_for_its_members_only() {
    let fk = Fk::start().await;
    let answer = fk.get(SAM, &format!("/api/organizations/{ACME}")).await;
    let body = answer.expect(200);
    assert_eq!(body["@context"], "/api/contexts/Organization");
    assert_eq!(body["@id"], format!("/api/organizations/{ACME}"));
    assert_eq!(
        fk.get(SAM, &format!("/api/organizations/{NIMBUS}"))
            .await
            .expect(403)["detail"],
        "Access Denied."
    );
    let missing = fk.get(JANE, "/api/organizations/nope").await;
    assert_eq!(missing.expect(404)["@id"], "/api/errors/404");
    fk.stop().await;
}

#[tokio::test]
async fn create_is_201_with_location_and_the_caller_as_sole_owner() {
    let fk = Fk::start().await;
    let body = Some(("application/json", r#"{"name": "  Kiwi Works  "}"#));
    let answer = fk.call(SAM, Method::POST, "/api/organizations", body).await;
    let created = answer.expect(201).clone();
    assert_eq!(created["name"], "Kiwi Works");
    assert_eq!(created["owners"][0]["email"], "sam@acme.example");
    assert_eq!(created["members"], json!([]));
    let location = answer.header("location").to_owned();
    assert_eq!(location, created["@id"].as_str().unwrap());
    assert_eq!(answer.header("content-location"), location);
    assert_eq!(
        fk.get(SAM, &location).await.expect(200)["name"],
        "Kiwi Works"
    );
    fk.stop().await;
}

#[tokio::test]
async fn a_blank_name_is_a_422_violation_and_a_wrong_type_a_400() {
    let fk = Fk::start().await;
    let blank = Some(("application/ld+json", r#"{"name": "   "}"#));
    let answer = fk
        .call(JANE, Method::POST, "/api/organizations", blank)
        .await;
    let body = answer.expect(422);
    assert_eq!(answer.header("content-type"), PROBLEM);
    assert_eq!(body["@type"], "ConstraintViolation");
    assert_eq!(body["violations"][0]["propertyPath"], "name");
    assert_eq!(
        body["violations"][0]["code"],
        "c1051bb4-d103-4f74-8988-acbcafc7fdc3"
    );
    assert_eq!(body["detail"], "name: This value should not be blank.");
    assert_eq!(
        body["@id"],
        "/api/validation_errors/c1051bb4-d103-4f74-8988-acbcafc7fdc3"
    );
    let typed = Some(("application/json", r#"{"name": 7}"#));
    let answer = fk
        .call(JANE, Method::POST, "/api/organizations", typed)
        .await;
    let detail = r#"The type of the "name" attribute must be "string", "integer" given."#;
    assert_eq!(answer.expect(400)["detail"], detail);
    fk.stop().await;
}

#[tokio::test]
async fn patch_takes_merge_patch_only_and_from_owners_only() {
    let fk = Fk::start().await;
    let path = format!("/api/organizations/{ACME}");
    let plain = Some(("application/json", r#"{"name": "Acme"}"#));
    let answer = fk.call(JANE, Method::PATCH, &path, plain).await;
    let detail = r#"The content-type "application/json" is not supported. Supported MIME types are "application/merge-patch+json"."#;
    assert_eq!(answer.expect(415)["detail"], detail);
    let merge = Some((
        "application/merge-patch+json",
        r#"{"name": "Acme Corporation", "id": "x"}"#,
    ));
    let answer = fk.call(SAM, Method::PATCH, &path, merge).await;
    answer.expect(403);
    let answer = fk.call(JANE, Method::PATCH, &path, merge).await;
    let body = answer.expect(200);
    assert_eq!(body["name"], "Acme Corporation");
    assert_eq!(body["id"], ACME, "other keys are ignored");
    assert_eq!(body["members"][0]["role"], "member");
    fk.stop().await;
}

#[tokio::test]
async fn delete_is_204_for_owners_and_refused_while_instances_remain() {
    let fk = Fk::start().await;
    let acme = format!("/api/organizations/{ACME}");
    fk.call(SAM, Method::DELETE, &acme, None).await.expect(403);
    let labs = format!("/api/organizations/{LABS}");
    let refused = fk.call(JANE, Method::DELETE, &labs, None).await;
    assert!(
        refused.expect(403)["detail"]
            .as_str()
            .unwrap()
            .contains("instances")
    );
    let done = fk.call(JANE, Method::DELETE, &acme, None).await;
    assert_eq!(done.status, 204);
    fk.get(JANE, &acme).await.expect(404);
    fk.call(JANE, Method::DELETE, &acme, None).await.expect(404);
    fk.stop().await;
}

#[tokio::test]
async fn a_method_the_path_lacks_is_a_405_error_document() {
    let fk = Fk::start().await;
    let path = format!("/api/organizations/{ACME}");
    let answer = fk.call(JANE, Method::PUT, &path, None).await;
    assert_eq!(answer.expect(405)["@type"], "Error");
    assert_eq!(answer.header("content-type"), PROBLEM);
    fk.stop().await;
}

#[tokio::test]
async fn name_filters_by_a_partial_case_insensitive_match_and_keeps_a_view() {
    let fk = Fk::start().await;
    let answer = fk.get(JANE, "/api/organizations?name=LABS").await;
    let body = answer.expect(200);
    assert_eq!(body["totalItems"], 1);
    assert_eq!(body["member"][0]["id"], LABS);
    assert_eq!(body["view"]["@id"], "/api/organizations?name=LABS&page=1");
    assert!(body["view"].get("next").is_none());
    let none = fk.get(JANE, "/api/organizations?name=nimbus").await;
    assert_eq!(
        none.expect(200)["member"],
        json!([]),
        "only the caller's own"
    );
    fk.stop().await;
}
