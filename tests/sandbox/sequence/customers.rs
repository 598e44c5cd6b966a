//! One customer, create (201, every broken rule named by its key) and archive.

use serde_json::json;

use super::{ACME, ACME_ORG, Seq, new_customer};

#[tokio::test]
async fn a_customer_is_read_whole_with_its_organizations() {
    let seq = Seq::start().await;
    let answer = seq.get(&format!("/api/customers/{ACME}")).await;
    let body = answer.expect(200);
    assert_eq!(body["legalName"], "Acme Holdings Ltd");
    for key in [
        "createdAt",
        "address",
        "contacts",
        "status",
        "taxStatus",
        "integrationIds",
    ] {
        assert!(!body[key].is_null(), "{key}: {body}");
    }
    for key in [
        "id",
        "name",
        "email",
        "billingPreference",
        "createdAt",
        "updatedAt",
    ] {
        assert!(
            body["contacts"][0][key].is_string(),
            "contacts[0].{key}: {body}"
        );
    }
    assert_eq!(body["domain"], "acme0.example");
    assert!(
        body["organizations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == ACME_ORG)
    );
    seq.get("/api/customers/00000000-0000-4000-8000-000000000000")
        .await
        .expect(404);
}

#[tokio::test]
async fn a_created_customer_answers_201_and_can_be_read_back() {
    let seq = Seq::start().await;
    let created = seq
        .post("/api/customers", &new_customer("Test Works Ltd"))
        .await;
    let body = created.expect(201).clone();
    let id = body["id"].as_str().unwrap();
    assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4);
    assert_eq!(body["status"], "ACTIVE");
    assert_eq!(body["organizations"], json!([]));
    let read = seq.get(&format!("/api/customers/{id}")).await;
    assert_eq!(read.expect(200)["legalName"], "Test Works Ltd");
}

#[tokio::test]
async fn a_customer_breaking_several_rules_is_refused_with_one_entry_per_rule() {
    let seq = Seq::start().await;
    let body = json!({
        "legalName": 7,
        "address": {"line1": "1 Road", "town": "Leeds", "country": "gb"},
        "contacts": [{"name": "B", "email": "nope", "billingPreference": "PRIMARY"}],
        "taxStatus": "SOMETIMES"
    });
    let answer = seq.post("/api/customers", &body).await;
    let mut rules = answer.rules();
    rules.sort();
    let expected = [
        ("invalidType", "legalName"),
        ("invalidValue", "address.country"),
        ("invalidValue", "contacts[0].email"),
        ("invalidValue", "taxStatus"),
        ("required", "address.postcode"),
    ];
    assert_eq!(rules, super::owned(&expected));
    let list = seq.get("/api/customers?legalName=Test&limit=100").await;
    assert_eq!(
        list.expect(200)["items"],
        json!([]),
        "a refused create adds nothing"
    );
}

#[tokio::test]
async fn malformed_json_is_a_400_in_the_api_error_envelope() {
    let seq = Seq::start().await;
    let answer = seq
        .http
        .post(format!("{}/api/customers", seq.base))
        .basic_auth(super::CLIENT.0, Some(super::CLIENT.1))
        .header("content-type", "application/json")
        .body("{\"legalName\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("malformed JSON"),
        "{body}"
    );
}

#[tokio::test]
async fn archiving_keeps_the_customer_but_leaves_it_out_of_the_default_list() {
    let seq = Seq::start().await;
    let created = seq
        .post("/api/customers", &new_customer("Short Lived Ltd"))
        .await;
    let id = created.expect(201)["id"].as_str().unwrap().to_owned();
    let archived = seq
        .post(&format!("/api/customers/{id}/archive"), &json!({}))
        .await;
    assert!(archived.expect(200)["archivedAt"].is_string());
    let read = seq.get(&format!("/api/customers/{id}")).await;
    assert!(read.expect(200)["archivedAt"].is_string());
    let names = |answer: &super::Answer| -> Vec<String> {
        answer.expect(200)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let default = seq.get("/api/customers?legalName=Short").await;
    assert!(names(&default).is_empty());
    let all = seq
        .get("/api/customers?legalName=Short&includeArchived=true")
        .await;
    assert_eq!(names(&all), [id.as_str()]);
    let delete = seq
        .send(
            reqwest::Method::DELETE,
            &format!("/api/customers/{id}"),
            None,
        )
        .await;
    assert_eq!(delete.status, 405, "there is no DELETE in this version");
}
