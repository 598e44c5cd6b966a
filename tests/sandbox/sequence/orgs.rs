//! Customer organizations: create (201), add and replace members, each customer's
//! `organizations[]` kept right on the owner and every member, and every broken
//! rule named by its key.

use serde_json::json;

use super::{
    ACME, ACME_ORG, ACME_RETAIL, ARCHIVED, EMPTY_ORG, NIMBUS, Seq, member_ids, new_customer,
};

async fn customer(seq: &Seq, name: &str) -> String {
    let created = seq.post("/api/customers", &new_customer(name)).await;
    created.expect(201)["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_seed_lists_each_organization_on_its_owner_and_every_member() {
    let seq = Seq::start().await;
    let acme = seq.org_ids_of(ACME).await;
    assert!(acme.len() >= 2, "Acme owns several: {acme:?}");
    assert!(
        seq.org_ids_of(ACME_RETAIL).await.len() >= 2,
        "Acme Retail is in several"
    );
    let empty = seq
        .org_on(NIMBUS, EMPTY_ORG)
        .await
        .expect("the owner lists its empty organization");
    assert_eq!(empty["members"], json!([]));
    let org = seq.org_on(ACME, ACME_ORG).await.unwrap();
    for member in member_ids(&org) {
        assert_eq!(seq.org_on(member, ACME_ORG).await.as_ref(), Some(&org));
    }
}

#[tokio::test]
async fn a_created_organization_answers_201_and_shows_on_owner_and_members() {
    let seq = Seq::start().await;
    let (owner, a, b) = (
        customer(&seq, "Owner Ltd").await,
        customer(&seq, "A Ltd").await,
        customer(&seq, "B Ltd").await,
    );
    let created = seq
        .post(
            "/api/customer-organizations",
            &json!({"ownerId": owner, "memberIds": [a, b]}),
        )
        .await;
    let org = created.expect(201).clone();
    assert_eq!(org["owner"], json!({"id": owner, "name": "Owner Ltd"}));
    assert_eq!(member_ids(&org), [a.as_str(), b.as_str()]);
    assert_eq!(org["members"][1]["name"], "B Ltd");
    let id = org["id"].as_str().unwrap();
    for customer in [&owner, &a, &b] {
        assert_eq!(
            seq.org_on(customer, id).await.as_ref(),
            Some(&org),
            "{customer}"
        );
    }
}

#[tokio::test]
async fn adding_members_is_a_union_and_shows_on_the_new_member() {
    let seq = Seq::start().await;
    let newcomer = customer(&seq, "Newcomer Ltd").await;
    let before = seq.org_on(ACME, ACME_ORG).await.unwrap();
    let path = format!("/api/customer-organizations/{ACME_ORG}/members");
    let added = seq
        .post(&path, &json!({"customerIds": [ACME_RETAIL, newcomer]}))
        .await;
    let org = added.expect(200).clone();
    let mut expected: Vec<&str> = member_ids(&before);
    expected.push(&newcomer);
    assert_eq!(
        member_ids(&org),
        expected,
        "an existing member is not added twice"
    );
    assert_eq!(seq.org_on(&newcomer, ACME_ORG).await.as_ref(), Some(&org));
    assert_eq!(seq.org_on(ACME, ACME_ORG).await.as_ref(), Some(&org));
    let again = seq.post(&path, &json!({"customerIds": [newcomer]})).await;
    assert_eq!(again.expect(200), &org, "adding again changes nothing");
}

#[tokio::test]
async fn replacing_members_removes_the_organization_from_those_left_out() {
    let seq = Seq::start().await;
    let newcomer = customer(&seq, "Replacement Ltd").await;
    let old = seq.org_on(ACME, ACME_ORG).await.unwrap();
    let path = format!("/api/customer-organizations/{ACME_ORG}/members");
    let replaced = seq.put(&path, &json!({"customerIds": [newcomer]})).await;
    let org = replaced.expect(200).clone();
    assert_eq!(member_ids(&org), [newcomer.as_str()]);
    for gone in member_ids(&old) {
        assert_eq!(
            seq.org_on(gone, ACME_ORG).await,
            None,
            "{gone} was left out"
        );
    }
    assert!(
        !seq.org_ids_of(ACME_RETAIL).await.is_empty(),
        "its other organizations stay"
    );
    assert_eq!(seq.org_on(ACME, ACME_ORG).await.as_ref(), Some(&org));
    let emptied = seq.put(&path, &json!({"customerIds": []})).await;
    assert_eq!(emptied.expect(200)["members"], json!([]));
    assert_eq!(seq.org_on(&newcomer, ACME_ORG).await, None);
    assert!(
        seq.org_on(ACME, ACME_ORG).await.is_some(),
        "the owner still lists it"
    );
}

#[tokio::test]
async fn every_broken_member_rule_is_named_by_its_key_and_nothing_changes() {
    let seq = Seq::start().await;
    let body = json!({"ownerId": ACME, "memberIds": [ACME_RETAIL, "nobody", ACME, ACME_RETAIL, ARCHIVED, 7]});
    let answer = seq.post("/api/customer-organizations", &body).await;
    let rules = answer.rules();
    let expected = [
        ("customerNotFound", "memberIds[1]"),
        ("ownerIsMember", "memberIds[2]"),
        ("duplicateId", "memberIds[3]"),
        ("archivedCustomer", "memberIds[4]"),
        ("invalidType", "memberIds[5]"),
    ];
    assert_eq!(rules, super::owned(&expected));
    assert_eq!(answer.body["error"]["type"], "validationError");
    let before = seq.org_ids_of(ACME_RETAIL).await;
    let missing = seq
        .post("/api/customer-organizations", &json!({"ownerId": "ghost"}))
        .await;
    let rules = missing.rules();
    assert!(
        rules.contains(&("customerNotFound".into(), "ownerId".into())),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("required".into(), "memberIds".into())),
        "{rules:?}"
    );
    let path = format!("/api/customer-organizations/{ACME_ORG}/members");
    let refused = seq.put(&path, &json!({"customerIds": [ACME]})).await;
    assert_eq!(
        refused.rules(),
        [("ownerIsMember".to_owned(), "customerIds[0]".to_owned())]
    );
    assert_eq!(
        seq.org_ids_of(ACME_RETAIL).await,
        before,
        "a refused write changes nothing"
    );
    let unknown = seq
        .post(
            "/api/customer-organizations/nope/members",
            &json!({"customerIds": []}),
        )
        .await;
    assert_eq!(unknown.expect(404)["error"]["type"], "notFound");
}
