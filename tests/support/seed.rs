//! The shipped seed, decoded once: as the JSON the seed file holds (for HTTP-level
//! checks) and as the console's model through the MuninX wire types (for the console
//! driven without a network).

use std::sync::OnceLock;

use super::DEFAULT_SEED;
use super::muninx;
use orgdeck::api::model::{Node, Party};
use serde_json::Value;

/// The seed file as JSON, parsed once.
pub fn seed_json() -> &'static Value {
    static SEED: OnceLock<Value> = OnceLock::new();
    SEED.get_or_init(|| serde_json::from_str(DEFAULT_SEED).expect("seed is JSON"))
}

/// The users the shipped seed gives tenant `slug`, as written in the seed file.
pub fn seed_users(slug: &str) -> Vec<Value> {
    seed_json()["tenants"]
        .as_array()
        .expect("tenants is a list")
        .iter()
        .find(|t| t["slug"] == slug)
        .unwrap_or_else(|| panic!("no tenant {slug} in the seed"))["users"]
        .as_array()
        .expect("users is a list")
        .clone()
}

/// One tenant of the shipped seed, in the console's model.
#[derive(Debug, Clone)]
pub struct SeedTenant {
    pub slug: String,
    pub owner: String,
    pub orgs: Vec<Node>,
    pub people: Vec<Party>,
}

impl SeedTenant {
    pub fn person(&self, email: &str) -> Party {
        self.people
            .iter()
            .find(|p| p.id() == email)
            .cloned()
            .unwrap_or_else(|| panic!("{email} is not in the seed of {}", self.slug))
    }
}

/// The seed's tenants (acme, globex), decoded once through the wire types.
pub fn seed() -> &'static [SeedTenant] {
    static SEED: OnceLock<Vec<SeedTenant>> = OnceLock::new();
    SEED.get_or_init(|| {
        seed_json()["tenants"]
            .as_array()
            .expect("seed has tenants")
            .iter()
            .map(|t| {
                let tenant_id = t["id"].clone();
                let orgs = t["organizations"]
                    .as_array()
                    .expect("organizations")
                    .iter()
                    .map(|o| {
                        // The seed leaves the tenant implicit; the wire shape names it.
                        let mut o = o.clone();
                        o["tenant-id"] = tenant_id.clone();
                        muninx::neutral::node(serde_json::from_value(o).expect("seed organization"))
                    })
                    .collect();
                let people = t["users"]
                    .as_array()
                    .expect("users")
                    .iter()
                    .map(|u| {
                        muninx::neutral::party(
                            serde_json::from_value(u.clone()).expect("seed user"),
                        )
                    })
                    .collect();
                SeedTenant {
                    slug: t["slug"].as_str().expect("slug").to_owned(),
                    owner: t["owner"].as_str().expect("owner").to_owned(),
                    orgs,
                    people,
                }
            })
            .collect()
    })
}

pub fn seed_tenant(slug: &str) -> &'static SeedTenant {
    seed()
        .iter()
        .find(|t| t.slug == slug)
        .unwrap_or_else(|| panic!("no tenant {slug} in the seed"))
}
