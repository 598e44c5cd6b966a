//! Invitations: newest first with status and email filters, invite, resend
//! (rate-limited), revoke, expiry read off the clock, and the test-only accept.

use jiff::Timestamp;
use serde_json::json;

use super::{ACCEPTED, ACME, EXPIRED, Fk, JANE, JUST_SENT, OLGA, REVOKED, SAM, SENT_DAYS_AGO, ids};

fn invitations(org: &str) -> String {
    format!("/api/organizations/{org}/invitations")
}

fn invitation(id: &str) -> String {
    format!("/api/organizations/{ACME}/invitations/{id}")
}

fn at(value: &serde_json::Value) -> Timestamp {
    value.as_str().expect("a time").parse().expect("RFC 3339")
}

#[tokio::test]
async fn the_collection_is_newest_first_in_every_state() {
    let fk = Fk::start().await;
    let answer = fk.get(SAM, &invitations(ACME)).await;
    let body = answer.expect(200);
    assert_eq!(
        ids(body),
        [JUST_SENT, SENT_DAYS_AGO, EXPIRED, REVOKED, ACCEPTED]
    );
    let statuses: Vec<_> = body["member"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        [
            json!("pending"),
            json!("pending"),
            json!("expired"),
            json!("revoked"),
            json!("accepted")
        ]
    );
    let expired = &body["member"][2];
    assert!(at(&expired["expires_at"]) < Timestamp::now());
    assert_eq!(
        body["member"][4]["invited_by"]["email"],
        "jane@acme.example"
    );
    assert!(body["member"][0]["accepted_at"].is_null());
    let pending = fk
        .get(JANE, &format!("{}?status=pending", invitations(ACME)))
        .await;
    assert_eq!(ids(pending.expect(200)), [JUST_SENT, SENT_DAYS_AGO]);
    let nora = fk
        .get(JANE, &format!("{}?email=NORA", invitations(ACME)))
        .await;
    assert_eq!(ids(nora.expect(200)), [EXPIRED]);
    fk.get(OLGA, &invitations(ACME)).await.expect(403);
    fk.stop().await;
}

#[tokio::test]
async fn an_owner_invites_with_201_pending_for_seven_days() {
    let fk = Fk::start().await;
    let body = r#"{"email": "zoe@acme.example", "role": "owner"}"#;
    fk.post(SAM, &invitations(ACME), Some(body))
        .await
        .expect(403);
    let answer = fk.post(JANE, &invitations(ACME), Some(body)).await;
    let made = answer.expect(201).clone();
    assert_eq!(made["@context"], "/api/contexts/Invitation");
    assert_eq!(made["status"], "pending");
    assert_eq!(made["send_count"], 1);
    assert_eq!(made["invited_by"]["name"], "Jane Doe");
    assert_eq!(answer.header("location"), made["@id"].as_str().unwrap());
    let week = at(&made["expires_at"]).duration_since(at(&made["last_sent_at"]));
    assert_eq!(week.as_hours(), 7 * 24);
    let read = fk.get(JANE, answer.header("location")).await;
    assert_eq!(read.expect(200)["email"], "zoe@acme.example");
    fk.stop().await;
}

#[tokio::test]
async fn an_invitation_is_refused_for_a_bad_email_a_member_or_a_pending_invitee() {
    let fk = Fk::start().await;
    let post = |email: &str| format!(r#"{{"email": "{email}", "role": "member"}}"#);
    let bad = fk.post(JANE, &invitations(ACME), Some(&post("zoe@"))).await;
    let violation = &bad.expect(422)["violations"][0];
    assert_eq!(violation["propertyPath"], "email");
    assert_eq!(violation["code"], "bd79c0ab-ddba-46cc-a703-a7a4b08de310");
    assert_eq!(
        violation["hint"],
        "Use a full address such as name@example.com"
    );
    let member = fk
        .post(JANE, &invitations(ACME), Some(&post("Sam@acme.example")))
        .await;
    assert_eq!(
        member.expect(422)["violations"][0]["message"],
        "This partner is already a member."
    );
    let invited = fk
        .post(JANE, &invitations(ACME), Some(&post("ravi@acme.example")))
        .await;
    assert_eq!(
        invited.expect(422)["violations"][0]["message"],
        "This email address already has a pending invitation."
    );
    // Nora's invitation has expired: she may be invited again.
    fk.post(JANE, &invitations(ACME), Some(&post("nora@acme.example")))
        .await
        .expect(201);
    fk.stop().await;
}

#[tokio::test]
async fn resend_sends_again_and_pushes_the_expiry_out() {
    let fk = Fk::start().await;
    let before = fk
        .get(JANE, &invitation(SENT_DAYS_AGO))
        .await
        .expect(200)
        .clone();
    fk.post(SAM, &format!("{}/resend", invitation(SENT_DAYS_AGO)), None)
        .await
        .expect(403);
    let answer = fk
        .post(JANE, &format!("{}/resend", invitation(SENT_DAYS_AGO)), None)
        .await;
    let after = answer.expect(200);
    assert_eq!(after["send_count"], 3);
    assert!(at(&after["last_sent_at"]) > at(&before["last_sent_at"]));
    let week = at(&after["expires_at"]).duration_since(at(&after["last_sent_at"]));
    assert_eq!(week.as_hours(), 7 * 24);
    // Sent just now, so at once too soon.
    let again = fk
        .post(JANE, &format!("{}/resend", invitation(SENT_DAYS_AGO)), None)
        .await;
    again.expect(429);
    fk.stop().await;
}

#[tokio::test]
async fn resend_within_a_minute_is_429_with_the_seconds_left() {
    let fk = Fk::start().await;
    let answer = fk
        .post(JANE, &format!("{}/resend", invitation(JUST_SENT)), None)
        .await;
    let body = answer.expect(429);
    assert_eq!(body["@id"], "/api/errors/429");
    let left: u64 = answer.header("retry-after").parse().expect("seconds");
    assert!(
        (1..=40).contains(&left),
        "sent 20 s before the start: {left}"
    );
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("less than a minute ago")
    );
    fk.stop().await;
}

#[tokio::test]
async fn only_a_pending_invitation_is_resent_or_revoked() {
    let fk = Fk::start().await;
    for id in [EXPIRED, REVOKED, ACCEPTED] {
        for action in ["resend", "revoke"] {
            let answer = fk
                .post(JANE, &format!("{}/{action}", invitation(id)), None)
                .await;
            assert_eq!(answer.status, 409, "{action} {id}: {}", answer.body);
        }
    }
    let revoked = fk
        .post(JANE, &format!("{}/revoke", invitation(SENT_DAYS_AGO)), None)
        .await;
    let body = revoked.expect(200);
    assert_eq!(body["status"], "revoked");
    assert!(at(&body["revoked_at"]) <= Timestamp::now());
    let twice = fk
        .post(JANE, &format!("{}/revoke", invitation(SENT_DAYS_AGO)), None)
        .await;
    assert!(
        twice.expect(409)["detail"]
            .as_str()
            .unwrap()
            .contains("revoked")
    );
    fk.post(JANE, &format!("{}/revoke", invitation("nope")), None)
        .await
        .expect(404);
    fk.stop().await;
}

#[tokio::test]
async fn accepting_makes_the_invitee_a_partner_and_a_member_with_the_role() {
    let fk = Fk::start().await;
    let accepted = fk
        .post(
            "",
            &format!("/_sandbox/invitations/{SENT_DAYS_AGO}/accept"),
            None,
        )
        .await;
    let body = accepted.expect(200);
    assert_eq!(body["status"], "accepted");
    assert!(body["accepted_at"].is_string());
    let owners = fk
        .get(
            JANE,
            &format!("/api/organizations/{ACME}/members?role=owner"),
        )
        .await;
    let emails: Vec<_> = owners.expect(200)["member"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].clone())
        .collect();
    assert_eq!(
        emails,
        [json!("jane@acme.example"), json!("ravi@acme.example")]
    );
    // Now a partner: Jane may add Ravi to another organization she owns.
    let add = r#"{"email": "ravi@acme.example", "role": "member"}"#;
    fk.post(
        JANE,
        &format!("/api/organizations/{}/members", super::LABS),
        Some(add),
    )
    .await
    .expect(201);
    let twice = fk
        .post(
            "",
            &format!("/_sandbox/invitations/{SENT_DAYS_AGO}/accept"),
            None,
        )
        .await;
    twice.expect(409);
    fk.post("", &format!("/_sandbox/invitations/{EXPIRED}/accept"), None)
        .await
        .expect(409);
    fk.stop().await;
}
