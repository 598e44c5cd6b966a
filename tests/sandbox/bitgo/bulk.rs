//! `--enterprises N`: the generated organization pages like any other.

use std::collections::HashSet;

use orgdeck::backends::bitgo::sandbox::{
    BULK_ORG_ID, BULK_TOKEN, SandboxConfig, bulk_enterprise_id,
};

use super::{Bg, is_id};

#[tokio::test]
async fn the_generated_organization_pages_to_its_last_enterprise() {
    let config = SandboxConfig {
        enterprises: Some(1_203),
        ..SandboxConfig::default()
    };
    let bg = Bg::start_with(config).await;
    let orgs = bg.get(BULK_TOKEN, "/api/v2/organization").await;
    let orgs = orgs.expect(200)["organizations"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0]["id"], BULK_ORG_ID);
    assert_eq!(orgs[0]["enterpriseCount"], 1_203);
    let items = bg.all_enterprises(BULK_TOKEN, BULK_ORG_ID, 500, "").await;
    assert_eq!(items.len(), 1_203);
    let ids: HashSet<&str> = items.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 1_203);
    assert!(ids.iter().all(|id| is_id(id)));
    assert_eq!(items[1_202]["id"], bulk_enterprise_id(1_203).as_str());
    // The shipped seed is still there beside it.
    let seeded = bg.get(super::ADMIN, "/api/v2/organization").await;
    assert_eq!(
        seeded.expect(200)["organizations"][0]["name"],
        "Northwind CaaS"
    );
}
