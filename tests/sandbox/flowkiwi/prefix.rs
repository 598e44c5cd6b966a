//! `--hydra-prefix`: the same answers in API Platform 3's `hydra:` spelling,
//! collections and errors alike; the resources inside keep their own keys.

use orgdeck::backends::flowkiwi::sandbox::{self, SandboxConfig};
use orgdeck::backends::flowkiwi::wire::OrganizationCollection;

use super::{Fk, JANE};

async fn prefixed() -> Fk {
    let config = SandboxConfig {
        hydra_prefix: true,
        ..SandboxConfig::default()
    };
    Fk::with(sandbox::start(config).await.expect("starts"))
}

#[tokio::test]
async fn the_collection_and_its_view_are_prefixed() {
    let fk = prefixed().await;
    let answer = fk.get(JANE, "/api/organizations?itemsPerPage=1").await;
    let body = answer.expect(200).clone();
    assert_eq!(body["@type"], "hydra:Collection");
    assert_eq!(body["hydra:totalItems"], 6);
    assert!(body.get("member").is_none());
    assert_eq!(body["hydra:member"][0]["@type"], "Organization");
    assert!(body["hydra:member"][0].get("owners").is_some());
    let next = body["hydra:view"]["hydra:next"].as_str().expect("next");
    assert_eq!(next, "/api/organizations?itemsPerPage=1&page=2");
    let page: OrganizationCollection = serde_json::from_value(body).expect("reads");
    assert_eq!(page.member.len(), 1);
    fk.stop().await;
}

#[tokio::test]
async fn errors_are_prefixed_too() {
    let fk = prefixed().await;
    let answer = fk.get("nobody", "/api/organizations").await;
    let body = answer.expect(401);
    assert_eq!(body["@type"], "hydra:Error");
    assert_eq!(body["hydra:title"], "An error occurred");
    assert!(body.get("title").is_none());
    let answer = fk
        .call(JANE, reqwest::Method::PUT, "/api/organizations", None)
        .await;
    assert_eq!(answer.expect(405)["@type"], "hydra:Error", "the kit's too");
    fk.stop().await;
}

#[test]
fn the_flag_is_read() {
    use clap::{Args, FromArgMatches};
    let command = sandbox::SandboxArgs::augment_args(clap::Command::new("fk").no_binary_name(true));
    let matches = command.try_get_matches_from(["--hydra-prefix"]).unwrap();
    assert!(
        sandbox::SandboxArgs::from_arg_matches(&matches)
            .unwrap()
            .hydra_prefix
    );
}
