//! Changes that wait for another admin: 202 with a pending approval, approve
//! applies it, reject discards it, nobody approves their own, nothing twice.

use reqwest::Method;
use serde_json::{Value, json};

use super::{ADMIN, ADMIN2, Bg, HARBOR, MEMBER, is_id};

/// The Northwind enterprise "Dmitri Volkov", which requires two approvals.
async fn guarded(bg: &Bg) -> String {
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let ent = bg.enterprise(&org, "Dmitri Volkov").await;
    assert_eq!(ent["approvalsRequired"], 2);
    ent["id"].as_str().unwrap().to_owned()
}

async fn decide(bg: &Bg, token: &str, id: &str, state: &str) -> super::Answer {
    let path = format!("/api/v2/pendingapprovals/{id}");
    bg.send(Method::PUT, token, &path, Some(&json!({ "state": state })))
        .await
}

#[tokio::test]
async fn an_add_waits_for_another_admin_who_approves_it_once() {
    let bg = Bg::start().await;
    let ent = guarded(&bg).await;
    let path = format!("/api/v2/enterprise/{ent}/user");
    let add =
        json!({"username": "mira.novak@northwind-caas.example", "permission": "wallet.create"});
    let answer = bg.post(ADMIN, &path, &add).await;
    let pending = answer.expect(202).clone();
    let id = pending["id"].as_str().unwrap().to_owned();
    assert!(is_id(&id));
    assert_eq!(pending["state"], "pending");
    assert_eq!(pending["info"]["type"], "enterpriseInviteRequest");
    assert_eq!(
        pending["info"]["enterpriseInviteRequest"]["email"],
        "mira.novak@northwind-caas.example"
    );
    assert_eq!(pending["enterprise"], ent.as_str());
    let mira = "mira.novak@northwind-caas.example".to_owned();
    assert!(
        !bg.user_emails(ADMIN, &ent).await.contains(&mira),
        "not before approval"
    );

    let own = decide(&bg, ADMIN, &id, "approved").await;
    let own = own.error(403, "Forbidden");
    assert!(
        own["error"].as_str().unwrap().contains("another admin"),
        "{own}"
    );
    decide(&bg, MEMBER, &id, "approved")
        .await
        .error(403, "Forbidden");
    assert!(!bg.user_emails(ADMIN, &ent).await.contains(&mira));

    let approved = decide(&bg, ADMIN2, &id, "approved").await;
    assert_eq!(approved.expect(200)["state"], "approved");
    assert!(
        bg.user_emails(ADMIN, &ent).await.contains(&mira),
        "applied on approval"
    );
    let shown = bg
        .get(ADMIN, &format!("/api/v2/pendingapprovals/{id}"))
        .await;
    assert_eq!(shown.expect(200)["state"], "approved");
    for state in ["approved", "rejected"] {
        decide(&bg, ADMIN2, &id, state)
            .await
            .error(409, "ApprovalAlreadyResolved");
    }
}

#[tokio::test]
async fn a_removal_waits_in_an_array_and_rejecting_it_keeps_the_user() {
    let bg = Bg::start().await;
    let ent = guarded(&bg).await;
    let path = format!("/api/v2/enterprise/{ent}/user");
    let body = json!({"username": "service@northwind-caas.example"});
    let answer = bg.send(Method::DELETE, ADMIN, &path, Some(&body)).await;
    let held = answer.expect(202)["pendingApprovals"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(held.len(), 1);
    let id = held[0]["id"].as_str().unwrap();
    assert_eq!(held[0]["info"]["type"], "userChangeRequest");
    let rejected = decide(&bg, ADMIN2, id, "rejected").await;
    assert_eq!(rejected.expect(200)["state"], "rejected");
    let service = "service@northwind-caas.example".to_owned();
    assert!(
        bg.user_emails(ADMIN, &ent).await.contains(&service),
        "rejected: discarded"
    );
    decide(&bg, ADMIN, id, "approved")
        .await
        .error(409, "ApprovalAlreadyResolved");
    assert!(bg.user_emails(ADMIN, &ent).await.contains(&service));
    let bad = decide(&bg, ADMIN2, id, "maybe").await;
    assert_eq!(bad.paths(), ["state"]);
}

#[tokio::test]
async fn without_required_approvals_changes_happen_at_once() {
    let bg = Bg::start().await;
    let harbor = bg.org(HARBOR, "Harbor Labs").await;
    let path = format!("/api/v2/organization/{harbor}/user");
    let answer = bg
        .post(
            HARBOR,
            &path,
            &json!({"username": "new.hire@harborlabs.example", "role": "member"}),
        )
        .await;
    answer.expect(200);
    let users = bg
        .get(
            HARBOR,
            &format!("/api/org/users?organizationId={harbor}&username=new.hire@harborlabs.example"),
        )
        .await;
    assert_eq!(users.expect(200)["users"].as_array().unwrap().len(), 1);
    // Northwind requires approvals for its members: the same add waits.
    let northwind = bg.org(ADMIN, "Northwind CaaS").await;
    let path = format!("/api/v2/organization/{northwind}/user");
    let held = bg
        .post(
            ADMIN,
            &path,
            &json!({"username": "new.hire@harborlabs.example", "role": "admin"}),
        )
        .await;
    let held = held.expect(202);
    assert_eq!(held["info"]["type"], "updateOrganizationRequest");
    assert_eq!(held["info"]["updateOrganizationRequest"]["role"], "admin");
    let id = held["id"].as_str().unwrap();
    decide(&bg, ADMIN2, id, "approved").await.expect(200);
    let me = bg
        .get(
            ADMIN,
            &format!(
                "/api/org/users?organizationId={northwind}&username=new.hire@harborlabs.example"
            ),
        )
        .await;
    let user = &me.expect(200)["users"][0];
    let roles: Vec<&Value> = user["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| &o["role"])
        .collect();
    assert!(roles.contains(&&json!("admin")), "{user}");
}

#[tokio::test]
async fn the_queue_lists_pending_requests_by_filter() {
    let bg = Bg::start().await;
    let list = bg.get(ADMIN, "/api/v2/pendingapprovals?limit=500").await;
    let all = list.expect(200)["pendingApprovals"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(all.len(), 9);
    assert_eq!(list.body["count"], 9);
    for kind in [
        "enterpriseInviteRequest",
        "updateOrganizationRequest",
        "userChangeRequest",
    ] {
        let path = format!("/api/v2/pendingapprovals?requestType={kind}");
        let some = bg.get(ADMIN, &path).await;
        let some = some.expect(200)["pendingApprovals"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(some.len(), 3, "{kind}");
        assert!(some.iter().all(|a| a["info"]["type"] == kind));
    }
    for (offset, left) in [(8, 1), (9, 0), (40, 0)] {
        let path = format!("/api/v2/pendingapprovals?offset={offset}");
        let page = bg.get(ADMIN, &path).await;
        let page = page.expect(200)["pendingApprovals"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(page.len(), left, "{path}");
        if left == 1 {
            assert_eq!(page[0]["id"], all[8]["id"]);
        }
    }
    let ent = guarded(&bg).await;
    let one = bg
        .get(
            ADMIN,
            &format!("/api/v2/pendingapprovals?enterpriseId={ent}"),
        )
        .await;
    assert_eq!(
        one.expect(200)["pendingApprovals"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let resolved = bg
        .get(ADMIN, "/api/v2/pendingapprovals?state=approved")
        .await;
    assert_eq!(resolved.expect(200)["pendingApprovals"], json!([]));
    let many: String = (0..21).map(|_| format!("enterpriseId={ent}&")).collect();
    let refused = bg
        .get(ADMIN, &format!("/api/v2/pendingapprovals?{many}"))
        .await;
    assert_eq!(refused.paths(), ["enterpriseId"]);
    // Harbor's admin sees none of Northwind's queue.
    let harbor = bg.get(HARBOR, "/api/v2/pendingapprovals").await;
    assert_eq!(harbor.expect(200)["pendingApprovals"], json!([]));
}

#[tokio::test]
async fn a_permission_change_waits_where_required_and_not_elsewhere() {
    let bg = Bg::start().await;
    let ent = guarded(&bg).await;
    let me = bg.get(super::SERVICE, "/api/v2/user/me").await;
    let service_id = me.expect(200)["user"]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v2/enterprise/{ent}/user?userId={service_id}&role=auditor");
    let held = bg.send(Method::PUT, ADMIN, &path, None).await;
    let held = held.expect(202);
    assert_eq!(
        held["info"]["userChangeRequest"]["permissions"],
        json!(["auditor"])
    );
    assert_eq!(
        held["info"]["userChangeRequest"]["userChanged"],
        service_id.as_str()
    );
    let bad = bg
        .send(
            Method::PUT,
            ADMIN,
            &format!("/api/v2/enterprise/{ent}/user?userId=x&role=auditor"),
            None,
        )
        .await;
    bad.error(400, "InvalidUserId");
    // Harbor asks for one approval: the change happens at once, and the last
    // organization admin cannot be removed.
    let harbor = bg.org(HARBOR, "Harbor Labs").await;
    let hana = bg.get(HARBOR, "/api/v2/user/me").await;
    let hana = hana.expect(200)["user"]["id"].as_str().unwrap().to_owned();
    let remove = format!("/api/v2/organization/{harbor}/user?userId={hana}");
    bg.send(Method::DELETE, HARBOR, &remove, None)
        .await
        .error(400, "LastAdmin");
}

#[tokio::test]
async fn an_invite_names_one_permission_as_the_spec_types_it() {
    let bg = Bg::start().await;
    let ent = guarded(&bg).await;
    let path = format!("/api/v2/enterprise/{ent}/user");
    let add = json!({"username": "kofi.mensah@northwind-caas.example", "permission": ["admin", "wallet.create"]});
    let held = bg.post(ADMIN2, &path, &add).await;
    let invite = &held.expect(202)["info"]["enterpriseInviteRequest"];
    assert_eq!(invite["permissions"], "admin", "{invite}");
    // Approving applies every permission asked for, not only the one named.
    let id = held.body["id"].as_str().unwrap();
    decide(&bg, ADMIN, id, "approved").await.expect(200);
    let users = bg
        .get(
            ADMIN,
            &format!(
                "/api/org/users?organizationId={}&username=kofi.mensah@northwind-caas.example",
                held.body["organization"].as_str().unwrap()
            ),
        )
        .await;
    let on = users.expect(200)["users"][0]["enterprises"]
        .as_array()
        .unwrap()
        .clone();
    let here = on
        .iter()
        .find(|e| e["id"] == ent.as_str())
        .expect("added on approval");
    assert_eq!(here["permissions"], json!(["admin", "wallet.create"]));
}
