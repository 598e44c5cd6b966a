//! Creating a child enterprise: the same key and body answer the first result and
//! create nothing; another body is a conflict; the key finds what it created.

use serde_json::{Value, json};

use super::{ADMIN, ADMIN2, Bg, is_id};

fn body(key: &str, email: &str) -> Value {
    json!({"email": email, "idempotencyKey": key, "additionalAdmins": [], "accountType": "entity"})
}

async fn count(bg: &Bg, org: &str) -> usize {
    bg.all_enterprises(ADMIN, org, 500, "").await.len()
}

#[tokio::test]
async fn the_same_key_and_body_answer_the_first_result_and_create_nothing() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let path = format!("/api/v2/organization/{org}/enterprise");
    let before = count(&bg, &org).await;
    let first = bg
        .post(ADMIN, &path, &body("key-1", "new.customer@mail.example"))
        .await;
    let first = first.expect(200).clone();
    assert!(is_id(first["enterpriseId"].as_str().unwrap()), "{first}");
    assert!(is_id(first["userId"].as_str().unwrap()), "{first}");
    // Another admin of the organization repeating the request is the same request.
    for token in [ADMIN, ADMIN2] {
        let again = bg
            .post(token, &path, &body("key-1", "new.customer@mail.example"))
            .await;
        assert_eq!(again.expect(200), &first);
    }
    assert_eq!(count(&bg, &org).await, before + 1);
    let found = bg.get(ADMIN, &format!("{path}?idempotencyKey=key-1")).await;
    let found = found.expect(200)["enterprises"].as_array().unwrap().clone();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["id"], first["enterpriseId"]);
    assert_eq!(found[0]["accountType"], "entity");
    // The new email became a user, admin of the new enterprise.
    let ent = first["enterpriseId"].as_str().unwrap();
    assert_eq!(
        bg.user_emails(ADMIN, ent).await,
        ["new.customer@mail.example"]
    );
}

#[tokio::test]
async fn the_same_key_with_another_body_is_a_conflict_and_creates_nothing() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let path = format!("/api/v2/organization/{org}/enterprise");
    let first = bg
        .post(ADMIN, &path, &body("key-2", "first@mail.example"))
        .await;
    first.expect(200);
    let before = count(&bg, &org).await;
    let other = bg
        .post(ADMIN, &path, &body("key-2", "second@mail.example"))
        .await;
    other.error(409, "IdempotencyKeyConflict");
    let mut changed = body("key-2", "first@mail.example");
    changed["accountType"] = json!("individual");
    bg.post(ADMIN, &path, &changed)
        .await
        .error(409, "IdempotencyKeyConflict");
    assert_eq!(count(&bg, &org).await, before);
    let search = bg
        .all_enterprises(ADMIN, &org, 50, "&search=second@mail.example")
        .await;
    assert!(search.is_empty(), "{search:?}");
}

#[tokio::test]
async fn a_key_that_created_nothing_finds_nothing() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let path = format!("/api/v2/organization/{org}/enterprise?idempotencyKey=never-sent");
    let answer = bg.get(ADMIN, &path).await;
    assert_eq!(answer.expect(200)["enterprises"], json!([]));
    assert!(answer.body.get("nextBatchPrevId").is_none());
    // Keys are per organization: Harbor's admin using the same key creates anew.
    let harbor = bg.org(super::HARBOR, "Harbor Labs").await;
    let create = format!("/api/v2/organization/{harbor}/enterprise");
    bg.post(
        super::HARBOR,
        &create,
        &body("never-sent", "x@mail.example"),
    )
    .await
    .expect(200);
    assert_eq!(
        bg.get(ADMIN, &path).await.expect(200)["enterprises"],
        json!([])
    );
}
