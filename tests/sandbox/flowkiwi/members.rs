//! Members: the collection and its filters, add an existing partner, change a
//! role by merge-patch, remove; owners only, and the last owner kept.

use serde_json::json;

use super::{ACME, Fk, JANE, JANE_ID, KIWI, LABS, OLGA, OLGA_ID, PROBLEM, SAM, SAM_ID, ids};

fn members(org: &str) -> String {
    format!("/api/organizations/{org}/members")
}

fn member(org: &str, id: &str) -> String {
    format!("/api/organizations/{org}/members/{id}")
}

#[tokio::test]
async fn the_collection_holds_owners_and_members_and_filters_by_role_and_email() {
    let fk = Fk::start().await;
    let all = fk.get(SAM, &members(ACME)).await;
    let body = all.expect(200);
    assert_eq!(body["@type"], "Collection");
    assert_eq!(body["@id"], members(ACME));
    assert_eq!(ids(body), [JANE_ID, SAM_ID]);
    assert_eq!(body["member"][0]["role"], "owner");
    assert_eq!(body["member"][0]["@id"], member(ACME, JANE_ID));
    assert!(body.get("view").is_none());
    let owners = fk.get(JANE, &format!("{}?role=OWN", members(KIWI))).await;
    assert_eq!(owners.expect(200)["totalItems"], 3);
    let by_email = fk
        .get(JANE, &format!("{}?email=NIMBUS&role=owner", members(KIWI)))
        .await;
    let body = by_email.expect(200);
    assert_eq!(ids(body), [OLGA_ID]);
    assert_eq!(
        body["view"]["@id"],
        format!("{}?role=owner&email=NIMBUS&page=1", members(KIWI))
    );
    let paged = fk
        .get(JANE, &format!("{}?itemsPerPage=2", members(KIWI)))
        .await;
    let next = paged.expect(200)["view"]["next"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(ids(fk.get(JANE, &next).await.expect(200)), [OLGA_ID]);
    fk.get(OLGA, &members(ACME)).await.expect(403);
    fk.get(JANE, &members("nope")).await.expect(404);
    fk.stop().await;
}

#[tokio::test]
async fn one_member_is_read_by_its_partner_id() {
    let fk = Fk::start().await;
    let answer = fk.get(SAM, &member(ACME, SAM_ID)).await;
    let body = answer.expect(200);
    assert_eq!(body["@context"], "/api/contexts/Member");
    assert_eq!(body["email"], "sam@acme.example");
    assert_eq!(body["role"], "member");
    fk.get(JANE, &member(ACME, OLGA_ID)).await.expect(404);
    fk.stop().await;
}

#[tokio::test]
async fn an_owner_adds_an_existing_partner_with_201_and_location() {
    let fk = Fk::start().await;
    let body = r#"{"email": "OLGA@nimbus.example", "role": "member"}"#;
    let answer = fk.post(JANE, &members(ACME), Some(body)).await;
    let added = answer.expect(201).clone();
    assert_eq!(added["id"], OLGA_ID);
    assert_eq!(added["role"], "member");
    assert_eq!(answer.header("location"), member(ACME, OLGA_ID));
    let org = fk.get(JANE, &format!("/api/organizations/{ACME}")).await;
    let emails: Vec<_> = org.expect(200)["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].clone())
        .collect();
    assert_eq!(
        emails,
        [json!("sam@acme.example"), json!("olga@nimbus.example")]
    );
    let again = fk.post(JANE, &members(ACME), Some(body)).await;
    let refused = again.expect(422);
    assert_eq!(refused["violations"][0]["propertyPath"], "email");
    assert_eq!(
        refused["violations"][0]["message"],
        "This partner is already a member."
    );
    fk.stop().await;
}

#[tokio::test]
async fn adding_is_for_owners_and_for_existing_partners_in_a_known_role() {
    let fk = Fk::start().await;
    let body = r#"{"email": "olga@nimbus.example", "role": "member"}"#;
    assert_eq!(
        fk.post(SAM, &members(ACME), Some(body)).await.expect(403)["detail"],
        "Access Denied."
    );
    let stranger = r#"{"email": "nobody@acme.example", "role": "admin"}"#;
    let answer = fk.post(JANE, &members(ACME), Some(stranger)).await;
    assert_eq!(answer.header("content-type"), PROBLEM);
    let body = answer.expect(422);
    let paths: Vec<_> = body["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["propertyPath"].clone())
        .collect();
    assert_eq!(paths, [json!("email"), json!("role")]);
    assert_eq!(
        body["violations"][1]["code"], "8e179f1b-97aa-4560-a02f-2a8b42e49df7",
        "Symfony's Choice code"
    );
    assert!(
        body["@id"].as_str().unwrap().contains(";1=8e179f1b"),
        "{}",
        body["@id"]
    );
    let invalid = r#"{"email": "not-an-email", "role": "member"}"#;
    let body = fk.post(JANE, &members(ACME), Some(invalid)).await;
    let violation = &body.expect(422)["violations"][0];
    assert_eq!(violation["code"], "bd79c0ab-ddba-46cc-a703-a7a4b08de310");
    assert!(violation["hint"].is_string());
    let typed = fk
        .post(
            JANE,
            &members(ACME),
            Some(r#"{"email": 1, "role": "member"}"#),
        )
        .await;
    assert_eq!(
        typed.expect(400)["detail"],
        r#"The type of the "email" attribute must be "string", "integer" given."#
    );
    fk.post(JANE, &members(ACME), Some("{")).await.expect(400);
    fk.stop().await;
}

#[tokio::test]
async fn a_role_changes_by_merge_patch_from_owners_only() {
    let fk = Fk::start().await;
    let path = member(ACME, SAM_ID);
    let plain = fk
        .call(
            JANE,
            reqwest::Method::PATCH,
            &path,
            Some(("application/json", r#"{"role": "owner"}"#)),
        )
        .await;
    plain.expect(415);
    fk.patch(SAM, &path, r#"{"role": "owner"}"#)
        .await
        .expect(403);
    let bad = fk.patch(JANE, &path, r#"{"role": "boss"}"#).await;
    assert_eq!(bad.expect(422)["violations"][0]["propertyPath"], "role");
    let promoted = fk.patch(JANE, &path, r#"{"role": "owner"}"#).await;
    assert_eq!(promoted.expect(200)["role"], "owner");
    let org = fk.get(JANE, &format!("/api/organizations/{ACME}")).await;
    let body = org.expect(200);
    assert_eq!(body["owners"].as_array().unwrap().len(), 2);
    assert_eq!(body["members"], json!([]));
    fk.stop().await;
}

#[tokio::test]
async fn the_last_owner_is_neither_demoted_nor_removed() {
    let fk = Fk::start().await;
    let jane = member(LABS, JANE_ID);
    let demote = fk.patch(JANE, &jane, r#"{"role": "member"}"#).await;
    assert_eq!(
        demote.expect(409)["detail"],
        "An organization must keep at least one owner."
    );
    let remove = fk.delete(JANE, &jane).await;
    assert_eq!(
        remove.expect(409)["detail"],
        "An organization must keep at least one owner."
    );
    // With three owners, one may step down.
    let kiwi = member(KIWI, SAM_ID);
    assert_eq!(
        fk.patch(SAM, &kiwi, r#"{"role": "member"}"#)
            .await
            .expect(200)["role"],
        "member"
    );
    fk.stop().await;
}

#[tokio::test]
async fn owners_remove_anyone_and_a_member_itself() {
    let fk = Fk::start().await;
    fk.delete(SAM, &member(ACME, JANE_ID)).await.expect(403);
    let left = fk.delete(SAM, &member(ACME, SAM_ID)).await;
    assert_eq!(left.status, 204);
    fk.get(SAM, &format!("/api/organizations/{ACME}"))
        .await
        .expect(403);
    let kiwi = fk.delete(JANE, &member(KIWI, OLGA_ID)).await;
    assert_eq!(kiwi.status, 204);
    let owners = fk.get(JANE, &format!("/api/organizations/{KIWI}")).await;
    assert_eq!(owners.expect(200)["owners"].as_array().unwrap().len(), 2);
    fk.delete(JANE, &member(KIWI, OLGA_ID)).await.expect(404);
    fk.stop().await;
}
