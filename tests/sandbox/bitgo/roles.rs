//! Who may do what, and what they see: stubs in lists, a member may not create,
//! who-am-I, the v1 user list, last admins and existing-user adds.

use serde_json::json;

use super::{ADMIN, Bg, HARBOR, MEMBER, SERVICE};

#[tokio::test]
async fn a_member_sees_stubs_of_enterprises_they_hold_no_permission_on() {
    let bg = Bg::start().await;
    let org = bg.org(MEMBER, "Northwind CaaS").await;
    let items = bg.all_enterprises(MEMBER, &org, 7, "").await;
    assert_eq!(items.len(), 30);
    let (stubs, whole): (Vec<_>, Vec<_>) = items.iter().partition(|e| e.get("kycState").is_none());
    assert!(!stubs.is_empty() && !whole.is_empty(), "{items:?}");
    for stub in &stubs {
        let keys: Vec<&String> = stub.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "name"], "{stub}");
        let ent = stub["id"].as_str().unwrap();
        bg.get(MEMBER, &format!("/api/v2/enterprise/{ent}"))
            .await
            .error(403, "Forbidden");
    }
    for item in &whole {
        assert!(
            !item["permissions"].as_array().unwrap().is_empty(),
            "{item}"
        );
    }
    // The admin of the organization and the service user see every one whole.
    for token in [ADMIN, SERVICE] {
        let items = bg.all_enterprises(token, &org, 500, "").await;
        assert!(
            items.iter().all(|e| e.get("kycState").is_some()),
            "as {token}"
        );
    }
}

#[tokio::test]
async fn a_member_may_not_create_and_nothing_is_created() {
    let bg = Bg::start().await;
    let org = bg.org(MEMBER, "Northwind CaaS").await;
    let path = format!("/api/v2/organization/{org}/enterprise");
    let body = json!({"email": "m@mail.example", "idempotencyKey": "m-1", "additionalAdmins": []});
    let refused = bg.post(MEMBER, &path, &body).await;
    let error = refused.error(403, "Forbidden");
    assert!(
        error["error"].as_str().unwrap().contains("member"),
        "{error}"
    );
    let found = bg.get(ADMIN, &format!("{path}?idempotencyKey=m-1")).await;
    assert_eq!(found.expect(200)["enterprises"], json!([]));
    // Someone outside the organization is refused before anything is read.
    bg.post(HARBOR, &path, &body).await.error(403, "Forbidden");
    bg.get(HARBOR, &path).await.error(403, "Forbidden");
}

#[tokio::test]
async fn who_am_i_names_the_caller_and_their_organization_roles() {
    let bg = Bg::start().await;
    let me = bg.get(SERVICE, "/api/v2/user/me").await;
    let user = &me.expect(200)["user"];
    assert_eq!(user["username"], "service@northwind-caas.example");
    let orgs = user["organizations"].as_array().unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0]["name"], "Northwind CaaS");
    assert_eq!(orgs[0]["role"], "serviceUser");
    let listed = bg.get(ADMIN, "/api/v2/organization").await;
    let listed = listed.expect(200)["organizations"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["role"], "admin");
    assert_eq!(listed[0]["enterpriseCount"], 30);
    assert_eq!(listed[0]["businessModel"], "cryptoAsAService");
    bg.get("no-such-token", "/api/v2/user/me")
        .await
        .error(401, "Unauthorized");
}

#[tokio::test]
async fn the_v1_user_list_puts_admins_apart_and_hides_inactive_users_unless_asked() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    // Dmitri Volkov's email is unverified in the seed; the service user administers too.
    let ent = bg.enterprise(&org, "Dmitri Volkov").await;
    let ent = ent["id"].as_str().unwrap();
    let list = bg
        .get(ADMIN, &format!("/api/v1/enterprise/{ent}/user"))
        .await;
    let body = list.expect(200);
    let admins: Vec<&str> = body["adminUsers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(
        admins,
        ["service@northwind-caas.example"],
        "Dmitri is not verified yet"
    );
    assert_eq!(body["count"], 1);
    let all = bg.user_emails(ADMIN, ent).await;
    assert_eq!(
        all,
        [
            "dmitri.volkov@mail.example",
            "service@northwind-caas.example"
        ]
    );
}

#[tokio::test]
async fn the_last_admin_stays_and_only_existing_users_are_added_by_the_organization() {
    let bg = Bg::start().await;
    let harbor = bg.org(HARBOR, "Harbor Labs").await;
    let items = bg
        .all_enterprises(HARBOR, &harbor, 10, "&search=R%26D")
        .await;
    let ent = items[0]["id"].as_str().unwrap().to_owned();
    let remove = json!({"username": "hana.ito@harborlabs.example"});
    let path = format!("/api/v2/enterprise/{ent}/user");
    bg.send(reqwest::Method::DELETE, HARBOR, &path, Some(&remove))
        .await
        .error(400, "LastAdmin");
    let add = format!("/api/v2/organization/{harbor}/enterprise/{ent}/user");
    let unknown = bg
        .post(HARBOR, &add, &json!({"email": "nobody@nowhere.example"}))
        .await;
    unknown.error(400, "UserNotFound");
    let ivo = bg
        .post(
            HARBOR,
            &add,
            &json!({"email": "ivo.berg@harborlabs.example", "permissions": ["auditor"]}),
        )
        .await;
    assert!(super::is_id(ivo.expect(200)["userId"].as_str().unwrap()));
    assert!(
        bg.user_emails(HARBOR, &ent)
            .await
            .contains(&"ivo.berg@harborlabs.example".to_owned())
    );
}

#[tokio::test]
async fn the_demo_tokens_name_their_organization_and_role() {
    let bg = Bg::start().await;
    let tokens: Vec<(String, String, String)> = bg
        .sandbox
        .tokens
        .iter()
        .map(|t| (t.token.clone(), t.tenant.clone(), t.role.clone()))
        .collect();
    for (token, org, role) in [
        (ADMIN, "Northwind CaaS", "admin"),
        (super::ADMIN2, "Northwind CaaS", "admin"),
        (SERVICE, "Northwind CaaS", "serviceUser"),
        (MEMBER, "Northwind CaaS", "member"),
        (HARBOR, "Harbor Labs", "admin"),
    ] {
        let expected = (token.to_owned(), org.to_owned(), role.to_owned());
        assert!(tokens.contains(&expected), "{expected:?} not in {tokens:?}");
    }
    for (_, token) in orgdeck::backends::bitgo::sandbox::DEMO_TENANTS {
        assert!(tokens.iter().any(|t| t.0 == *token), "{token}");
    }
}

#[tokio::test]
async fn an_enterprise_add_of_a_new_email_invites_an_inactive_user() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let ent = bg.enterprise(&org, "Ben Stone Holdings").await;
    let ent = ent["id"].as_str().unwrap();
    let path = format!("/api/v2/enterprise/{ent}/user");
    let body =
        json!({"username": "Fresh.Face@Mail.example", "permission": ["auditor"], "invite": true});
    assert_eq!(bg.post(ADMIN, &path, &body).await.expect(200), &json!({}));
    let active = bg
        .get(ADMIN, &format!("/api/v1/enterprise/{ent}/user"))
        .await;
    let listed = active.expect(200).to_string();
    assert!(!listed.contains("fresh.face@mail.example"), "{listed}");
    assert!(
        bg.user_emails(ADMIN, ent)
            .await
            .contains(&"fresh.face@mail.example".to_owned())
    );
    bg.post(ADMIN, &path, &body)
        .await
        .error(400, "UserAlreadyExists");
    // Refused as a whole: the new email beside the known one is not invited.
    let both = json!({"usernames": ["never.here@mail.example", "fresh.face@mail.example"], "permission": "admin"});
    bg.post(ADMIN, &path, &both)
        .await
        .error(400, "UserAlreadyExists");
    let add = format!("/api/v2/organization/{org}/enterprise/{ent}/user");
    let probe = bg
        .post(ADMIN, &add, &json!({"email": "never.here@mail.example"}))
        .await;
    probe.error(400, "UserNotFound");
    let bad = bg
        .post(
            ADMIN,
            &path,
            &json!({"username": "nobody", "permission": "owner"}),
        )
        .await;
    assert_eq!(bad.paths(), ["username", "permission"]);
    bg.post(
        MEMBER,
        &path,
        &json!({"username": "x@mail.example", "permission": "admin"}),
    )
    .await
    .error(403, "Forbidden");
}
