//! The other reads: one organization, the enterprise summary, `/search`, one
//! enterprise, and conditional GETs.

use reqwest::Method;
use serde_json::json;

use super::{ADMIN, Bg, HARBOR, MEMBER};

#[tokio::test]
async fn an_organization_and_its_summary_count_its_enterprises() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let shown = bg.get(ADMIN, &format!("/api/v2/organization/{org}")).await;
    let organization = &shown.expect(200)["organization"];
    assert_eq!(organization["id"], org.as_str());
    assert_eq!(organization["enterprises"].as_array().unwrap().len(), 30);
    bg.get(HARBOR, &format!("/api/v2/organization/{org}"))
        .await
        .error(403, "Forbidden");

    let summary = bg
        .get(
            ADMIN,
            &format!("/api/v2/organization/{org}/enterprises/summary"),
        )
        .await;
    let summary = summary.expect(200);
    assert_eq!(summary["inventory"]["totalCount"], 30);
    assert_eq!(summary["inventory"]["frozenCount"], 2);
    let states = &summary["byVerificationState"];
    let sum: u64 = ["unverified", "approved", "rejected", "pending"]
        .iter()
        .map(|k| states[k].as_u64().unwrap())
        .sum();
    // Only the four filterable states are bucketed: 17 of the 30 are in one.
    assert_eq!(sum, 17);
    let by_type = &summary["byAccountTypeAndVerificationState"];
    assert!(by_type["individual"]["unverified"].as_u64().unwrap() > 0);
    assert!(by_type["entity"]["approved"].as_u64().unwrap() > 0);
    let children = format!(
        "/api/v2/organization/{org}/enterprises/summary?businessModel=cryptoAsAServiceParent"
    );
    let parent = bg.get(ADMIN, &children).await;
    assert_eq!(parent.expect(200)["inventory"]["totalCount"], 1);
}

#[tokio::test]
async fn search_finds_only_what_the_caller_can_access() {
    let bg = Bg::start().await;
    let org = bg.org(MEMBER, "Northwind CaaS").await;
    let path = format!("/api/v2/organization/{org}/enterprise/search?limit=500");
    let mine = bg.get(MEMBER, &path).await;
    let mine = mine.expect(200)["enterprises"].as_array().unwrap().clone();
    assert!(!mine.is_empty() && mine.len() < 30, "{}", mine.len());
    assert!(
        mine.iter().all(|e| e.get("kycState").is_some()),
        "whole items only"
    );
    let admin = bg.get(ADMIN, &path).await;
    assert_eq!(
        admin.expect(200)["enterprises"].as_array().unwrap().len(),
        30
    );
    let one = bg
        .get(
            ADMIN,
            &format!("/api/v2/organization/{org}/enterprise/search?q=volkov"),
        )
        .await;
    assert_eq!(one.expect(200)["enterprises"][0]["name"], "Dmitri Volkov");
    let ent = one.body["enterprises"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let whole = bg.get(ADMIN, &format!("/api/v2/enterprise/{ent}")).await;
    let whole = whole.expect(200);
    assert_eq!(whole["wallets"], json!([]));
    assert_eq!(whole["organization"], org.as_str());
}

#[tokio::test]
async fn reads_answer_304_to_the_tag_they_gave_until_data_changes() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let path = format!("/api/v2/organization/{org}/enterprise?limit=3");
    let first = bg.get(ADMIN, &path).await;
    let tag = first
        .headers
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let again = bg
        .http
        .get(format!("{}{path}", bg.base))
        .bearer_auth(ADMIN)
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);
    let create = format!("/api/v2/organization/{org}/enterprise");
    let body = json!({"email": "e@mail.example", "idempotencyKey": "etag", "additionalAdmins": []});
    bg.send(Method::POST, ADMIN, &create, Some(&body))
        .await
        .expect(200);
    let changed = bg.get(ADMIN, &path).await;
    assert_ne!(changed.headers.get("etag").unwrap().to_str().unwrap(), tag);
}

/// Keys `bitgo-orgs.openapi.yaml` marks required that `value` lacks.
fn missing<'k>(value: &serde_json::Value, keys: &[&'k str]) -> Vec<&'k str> {
    keys.iter()
        .copied()
        .filter(|k| value.get(k).is_none())
        .collect()
}

#[tokio::test]
async fn answers_carry_the_fields_the_vendor_spec_requires() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let item = &bg.all_enterprises(ADMIN, &org, 1, "&search=volkov").await[0];
    let base = [
        "id",
        "name",
        "bitgoOrg",
        "kycState",
        "legalIdentifiers",
        "type",
        "latestSAVersionSigned",
        "travelRule",
        "productLicenses",
        "canAccessBorrowing",
        "canAccessLending",
        "canAccessSettlement",
        "canAccessTrading",
        "canCreateColdWallet",
        "canCreateHotWallet",
        "canCreateCustodialWallet",
        "canCreateOffchainWallet",
        "oneTimeFees",
        "upfrontPaymentStatus",
        "ethAlwaysUseHop",
        "usersViewAllWallets",
        "videoIdWaived",
    ];
    assert_eq!(missing(item, &base), Vec::<&str>::new(), "{item}");
    assert!(item["legalIdentifiers"].is_object());
    let ent = item["id"].as_str().unwrap();
    let whole = bg.get(ADMIN, &format!("/api/v2/enterprise/{ent}")).await;
    assert_eq!(
        missing(whole.expect(200), &["hasScimClient"]),
        Vec::<&str>::new()
    );

    let users = bg
        .get(
            ADMIN,
            &format!("/api/org/users?organizationId={org}&limit=1"),
        )
        .await;
    let user = &users.expect(200)["users"][0];
    let profile = [
        "id",
        "username",
        "name",
        "enterprises",
        "email",
        "agreements",
        "allowedCoins",
        "bitgoEmployee",
        "currency",
        "disableReset2FA",
        "organizations",
        "featureFlags",
        "forceResetPassword",
        "identity",
        "otpDevices",
        "phone",
        "timezone",
    ];
    assert_eq!(missing(user, &profile), Vec::<&str>::new(), "{user}");

    let invites = bg
        .get(
            ADMIN,
            "/api/v2/pendingapprovals?requestType=enterpriseInviteRequest",
        )
        .await;
    let info = &invites.expect(200)["pendingApprovals"][0]["info"]["enterpriseInviteRequest"]["enterpriseInfo"];
    let needed = ["id", "invitedBy", "name", "requiredVerificationStep"];
    assert_eq!(missing(info, &needed), Vec::<&str>::new(), "{info}");
}
