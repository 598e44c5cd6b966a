//! `--partner-organizations N`: generated organizations for the demo partner, after
//! the seed's, each with a member and some with a pending invitation.

use orgdeck::backends::flowkiwi::sandbox::{self, SandboxConfig};

use super::{Fk, JANE, JANES, SAM, ids};

#[tokio::test]
async fn generated_organizations_follow_the_seed_s_with_a_member_each() {
    let config = SandboxConfig {
        organizations: Some(250),
        ..SandboxConfig::default()
    };
    let fk = Fk::with(sandbox::start(config).await.expect("starts"));
    let first = fk.get(JANE, "/api/organizations?itemsPerPage=100").await;
    let body = first.expect(200);
    assert_eq!(body["totalItems"], 256);
    assert_eq!(ids(body)[..6], JANES);
    let generated = &body["member"][6];
    assert_eq!(generated["name"], "Generated organization 00250");
    assert_eq!(generated["owners"][0]["email"], "jane@acme.example");
    assert_eq!(generated["members"][0]["email"], "sam@acme.example");
    let last = fk
        .get(JANE, "/api/organizations?itemsPerPage=100&page=3")
        .await;
    let body = last.expect(200);
    assert_eq!(body["member"].as_array().unwrap().len(), 56);
    assert!(body["view"].get("next").is_none());
    let oldest = body["member"][55]["id"].as_str().unwrap().to_owned();
    let invited = fk
        .get(
            JANE,
            &format!("/api/organizations/{oldest}/invitations?status=pending"),
        )
        .await;
    assert_eq!(invited.expect(200)["totalItems"], 1);
    let sam = fk.get(SAM, "/api/organizations").await;
    assert_eq!(sam.expect(200)["totalItems"], 4 + 250);
    fk.stop().await;
}
