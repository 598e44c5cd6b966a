//! Users of an organization: one user, filters, who may list them, and a role
//! change that waits for another admin.

use reqwest::Method;
use serde_json::json;

use super::{ADMIN, ADMIN2, Bg, MEMBER, SERVICE};

async fn list(bg: &Bg, org: &str, query: &str) -> Vec<serde_json::Value> {
    let answer = bg
        .get(
            ADMIN,
            &format!("/api/org/users?organizationId={org}&{query}"),
        )
        .await;
    answer.expect(200)["users"].as_array().unwrap().clone()
}

/// The user's role in the organization, as its listing says.
async fn role(bg: &Bg, org: &str, user: &str) -> serde_json::Value {
    let answer = bg
        .get(ADMIN, &format!("/api/org/user/{user}?organizationId={org}"))
        .await;
    answer.expect(200)["user"]["organizations"][0]["role"].clone()
}

#[tokio::test]
async fn one_user_and_the_filters_of_the_listing() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let me = bg.get(MEMBER, "/api/v2/user/me").await;
    let mira = me.expect(200)["user"]["id"].as_str().unwrap().to_owned();
    let one = bg
        .get(
            SERVICE,
            &format!("/api/org/user/{mira}?organizationId={org}"),
        )
        .await;
    let user = &one.expect(200)["user"];
    assert_eq!(user["username"], "mira.novak@northwind-caas.example");
    assert_eq!(user["name"]["full"], "Mira Novak");
    let enterprises = user["enterprises"].as_array().unwrap();
    assert!(!enterprises.is_empty());
    assert!(
        enterprises
            .iter()
            .all(|e| e["permissions"].is_array() && e["name"].is_string())
    );
    let bad = bg
        .get(ADMIN, &format!("/api/org/user/nope?organizationId={org}"))
        .await;
    bad.error(400, "InvalidUserId");

    assert_eq!(list(&bg, &org, &format!("userId={mira}")).await.len(), 1);
    assert_eq!(list(&bg, &org, "search=novak").await.len(), 1);
    assert_eq!(list(&bg, &org, "role=serviceUser").await.len(), 1);
    assert_eq!(list(&bg, &org, "role=admin&role=member").await.len(), 4);
    assert_eq!(list(&bg, &org, "role=customer&limit=500").await.len(), 29);
    let missing = bg.get(ADMIN, "/api/org/users").await;
    assert_eq!(missing.paths(), ["organizationId"]);
    // A plain member may not list the organization's people.
    let refused = bg
        .get(MEMBER, &format!("/api/org/users?organizationId={org}"))
        .await;
    refused.error(403, "Forbidden");
}

#[tokio::test]
async fn a_role_change_waits_and_applies_when_approved() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let me = bg.get(MEMBER, "/api/v2/user/me").await;
    let mira = me.expect(200)["user"]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v2/organization/{org}/user?userId={mira}&role=admin");
    let held = bg.send(Method::PUT, ADMIN2, &path, None).await;
    let held = held.expect(202).clone();
    assert_eq!(
        held["info"]["updateOrganizationRequest"]["action"],
        "update"
    );
    assert_eq!(role(&bg, &org, &mira).await, "member");
    let id = held["id"].as_str().unwrap();
    let approve = json!({"state": "approved"});
    let path = format!("/api/v2/pendingapprovals/{id}");
    bg.send(Method::PUT, ADMIN, &path, Some(&approve))
        .await
        .expect(200);
    assert_eq!(role(&bg, &org, &mira).await, "admin");
    let listed = bg
        .get(
            ADMIN,
            &format!("/api/v2/pendingapprovals?organizationId={org}&state[]=approved"),
        )
        .await;
    let listed = listed.expect(200)["pendingApprovals"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], id);
    let bad = bg
        .send(
            Method::PUT,
            ADMIN,
            &format!("/api/v2/organization/{org}/user?userId={mira}&role=owner"),
            None,
        )
        .await;
    assert_eq!(bad.paths(), ["role"]);
}

#[tokio::test]
async fn a_removal_that_waits_sends_no_null_role() {
    // The vendor spec types `updateOrganizationRequest.role` as a string enum, with
    // no null: a removal, which sets no role, leaves it out (Prism's proxy refused
    // `"role": null` in the spec-fidelity run).
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let me = bg.get(MEMBER, "/api/v2/user/me").await;
    let mira = me.expect(200)["user"]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v2/organization/{org}/user?userId={mira}");
    let held = bg.send(Method::DELETE, ADMIN, &path, None).await;
    let held = held.expect(202).clone();
    let change = &held["info"]["updateOrganizationRequest"];
    assert_eq!(change["action"], "remove");
    assert_eq!(change.get("role"), None, "{change}");
    let id = held["id"].as_str().unwrap();
    let again = bg
        .get(ADMIN, &format!("/api/v2/pendingapprovals/{id}"))
        .await;
    let again = &again.expect(200)["info"]["updateOrganizationRequest"];
    assert_eq!(again.get("role"), None, "{again}");
}
