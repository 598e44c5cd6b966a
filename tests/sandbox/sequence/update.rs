//! `PUT /customers/{id}`: a full update with the create's body and rules, and
//! `parentId` on create and update (the customer joins the first organization its
//! parent owns, one made when it owns none).

use serde_json::{Value, json};

use super::{ACME, ACME_ORG, ARCHIVED, Seq, member_ids, new_customer};

#[tokio::test]
async fn a_put_replaces_the_record_but_keeps_id_creation_and_organizations() {
    let seq = Seq::start().await;
    let before = seq.get(&format!("/api/customers/{ACME}")).await.body;
    let mut body = new_customer("Acme Holdings Group plc");
    body["url"] = json!("https://www.acme-group.example/shop");
    body["label"] = json!("Key account");
    body["customProperties"] = json!({"tier": "platinum"});
    body["contacts"] = json!([
        {"name": "Renamed Team", "email": "billing@acme0.example", "billingPreference": "PRIMARY"},
        {"name": "New Person", "email": "new@acme0.example", "billingPreference": "NONE"}
    ]);
    let answer = seq.put(&format!("/api/customers/{ACME}"), &body).await;
    let after = answer.expect(200).clone();
    assert_eq!(after["legalName"], "Acme Holdings Group plc");
    assert_eq!(after["domain"], "acme-group.example");
    assert_eq!(after["customProperties"], json!({"tier": "platinum"}));
    for kept in ["id", "createdAt", "status", "integrationIds"] {
        assert_eq!(after[kept], before[kept], "{kept}");
    }
    let ids = |customer: &Value| -> Vec<Value> {
        let orgs = customer["organizations"].as_array().unwrap();
        orgs.iter().map(|o| o["id"].clone()).collect()
    };
    assert_eq!(ids(&after), ids(&before), "its organizations stay");
    assert_eq!(
        after["contacts"][0]["id"], before["contacts"][0]["id"],
        "a contact keeps its id while its email stays"
    );
    assert_eq!(after["contacts"][0]["name"], "Renamed Team");
    assert!(after["contacts"][1]["id"].is_string());
    assert_eq!(after["contacts"].as_array().map(Vec::len), Some(2));
    assert_eq!(seq.get(&format!("/api/customers/{ACME}")).await.body, after);
    let org = seq.org_on(super::ACME_RETAIL, ACME_ORG).await.unwrap();
    assert_eq!(
        org["owner"]["name"], "Acme Holdings Group plc",
        "every organization names the owner by its new name"
    );
    let plain = seq
        .put(&format!("/api/customers/{ACME}"), &new_customer("Plain"))
        .await;
    let plain = plain.expect(200);
    assert!(
        plain["label"].is_null() && plain["url"].is_null(),
        "a full update: {plain}"
    );
    assert_eq!(
        plain["customProperties"],
        json!({"tier": "platinum"}),
        "kept unless sent"
    );
}

#[tokio::test]
async fn a_put_is_held_to_the_create_rules_and_an_unknown_id_is_a_404() {
    let seq = Seq::start().await;
    let before = seq.get(&format!("/api/customers/{ACME}")).await.body;
    let mut body = new_customer("Acme");
    body["address"] =
        json!({"line1": "1 Main St", "town": "Austin", "postcode": "73301", "country": "US"});
    body["contacts"] =
        json!([{"name": "B", "email": "b@x.example", "billingPreference": "STANDARD"}]);
    body["customProperties"] = json!({"tier": 3});
    body["parentId"] = json!(ACME);
    let answer = seq.put(&format!("/api/customers/{ACME}"), &body).await;
    let mut rules = answer.rules();
    rules.sort();
    let expected = [
        ("invalidType", "customProperties.tier"),
        ("ownerIsMember", "parentId"),
        ("required", "address.state"),
        ("required", "contacts"),
    ];
    assert_eq!(rules, super::owned(&expected));
    assert_eq!(
        seq.get(&format!("/api/customers/{ACME}")).await.body,
        before,
        "a refused update changes nothing"
    );
    let missing = seq
        .put("/api/customers/no-such-customer", &new_customer("Ghost"))
        .await;
    assert_eq!(missing.expect(404)["error"]["type"], "notFound");
    let archive = seq
        .post("/api/customers/no-such-customer/archive", &json!({}))
        .await;
    assert_eq!(archive.expect(404)["error"]["type"], "notFound");
}

#[tokio::test]
async fn country_and_state_are_held_to_the_spec_lists() {
    let seq = Seq::start().await;
    let with_address = |address: Value| {
        let mut body = new_customer("Placed Ltd");
        body["address"] = address;
        body
    };
    let cases = [
        (
            json!({"line1": "1", "town": "T", "postcode": "P", "country": "ZZ"}),
            Some("address.country"),
        ),
        (
            json!({"line1": "1", "town": "T", "postcode": "P", "country": "US", "state": "ON"}),
            Some("address.state"),
        ),
        (
            json!({"line1": "1", "town": "T", "postcode": "P", "country": "CA"}),
            Some("address.state"),
        ),
        (
            json!({"line1": "1", "town": "T", "postcode": "P", "country": "CA", "state": "QC"}),
            None,
        ),
        (
            json!({"line1": "1", "town": "T", "postcode": "P", "country": "JP"}),
            None,
        ),
    ];
    for (address, refused) in cases {
        let answer = seq
            .post("/api/customers", &with_address(address.clone()))
            .await;
        match refused {
            Some(key) => {
                let rules = answer.rules();
                assert_eq!(rules.len(), 1, "{address}: {rules:?}");
                assert_eq!(rules[0].1, key, "{address}");
            }
            None => assert_eq!(answer.expect(201)["address"], address),
        }
    }
}

#[tokio::test]
async fn parent_id_joins_the_parents_first_organization_or_makes_one() {
    let seq = Seq::start().await;
    let mut body = new_customer("Child Ltd");
    body["parentId"] = json!(ACME);
    let child = seq.post("/api/customers", &body).await;
    let child = child.expect(201).clone();
    let child_id = child["id"].as_str().unwrap();
    let first = seq.org_ids_of(ACME).await[0].clone();
    let org = seq.org_on(ACME, &first).await.unwrap();
    assert!(member_ids(&org).contains(&child_id), "{org}");
    assert_eq!(child["organizations"], json!([org]));

    let parent = seq
        .post("/api/customers", &new_customer("Lone Parent Ltd"))
        .await;
    let parent = parent.expect(201)["id"].as_str().unwrap().to_owned();
    let mut body = new_customer("Second Child Ltd");
    body["parentId"] = json!(parent);
    let answer = seq.put(&format!("/api/customers/{child_id}"), &body).await;
    let orgs = answer.expect(200)["organizations"]
        .as_array()
        .unwrap()
        .clone();
    let made = orgs
        .iter()
        .find(|o| o["owner"]["id"] == parent.as_str())
        .expect("an organization made for the parent");
    assert_eq!(member_ids(made), [child_id]);
    assert_eq!(
        seq.org_on(&parent, made["id"].as_str().unwrap())
            .await
            .as_ref(),
        Some(made)
    );
    assert_eq!(orgs.len(), 2, "it stays in the first one too");

    let mut body = new_customer("Orphan Ltd");
    body["parentId"] = json!(ARCHIVED);
    let refused = seq.post("/api/customers", &body).await;
    assert_eq!(
        refused.rules(),
        [("archivedCustomer".to_owned(), "parentId".to_owned())]
    );
}
