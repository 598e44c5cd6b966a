//! The Sequence sandbox's data: customers in creation order, customer
//! organizations, and for every customer the organizations it owns or belongs
//! to, so that each customer's `organizations[]` is right after every write.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;

use crate::backends::sequence::wire::{
    Address, Contact, Customer, CustomerItem, CustomerOrganization, CustomerRef,
};

pub const DEFAULT_SEED: &str = include_str!("../../../../assets/sequence/seed.json");

/// An API client's Basic credential.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Credential {
    pub client_id: String,
    pub client_secret: String,
    pub name: String,
}

/// An organization as stored: ids only, so a renamed customer shows everywhere.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Org {
    pub id: String,
    pub owner_id: String,
    pub member_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Seed {
    credentials: Vec<Credential>,
    customers: Vec<Customer>,
    organizations: Vec<Org>,
    /// Customer id → its `customerAliases` (written, filtered on, never answered).
    #[serde(default)]
    aliases: HashMap<String, Vec<String>>,
    /// The customers `billingStatus=ACTIVE` finds: the sandbox has no billing
    /// schedules to derive it from, so the seed says.
    #[serde(default)]
    billing_active: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Store {
    pub credentials: Vec<Credential>,
    /// In creation order; the list answers newest first by default.
    pub customers: Vec<Customer>,
    pub position: HashMap<String, usize>,
    pub orgs: BTreeMap<String, Org>,
    /// Customer id → its aliases, which the `alias` filter finds.
    pub aliases: HashMap<String, Vec<String>>,
    /// Customers with a current billing schedule (`billingStatus=ACTIVE`).
    pub billing_active: HashSet<String>,
    /// Customer id → ids of the organizations it owns or is a member of.
    links: HashMap<String, Vec<String>>,
}

impl Store {
    pub fn from_seed(text: &str) -> Result<Store, String> {
        let seed: Seed = serde_json::from_str(text)
            .map_err(|err| format!("the Sequence seed is not valid: {err}"))?;
        let mut store = Store {
            credentials: seed.credentials,
            aliases: seed.aliases,
            billing_active: seed.billing_active.into_iter().collect(),
            ..Store::default()
        };
        for customer in seed.customers {
            if store.position.contains_key(&customer.id) {
                return Err(format!("the seed lists customer {} twice", customer.id));
            }
            store.add_customer(customer);
        }
        for org in seed.organizations {
            let known = std::iter::once(&org.owner_id)
                .chain(&org.member_ids)
                .all(|id| store.position.contains_key(id));
            if !known || org.member_ids.contains(&org.owner_id) {
                return Err(format!(
                    "seed organization {} names an unknown customer or lists its owner as a member",
                    org.id
                ));
            }
            store.put_org(org);
        }
        let named = store.aliases.keys().chain(&store.billing_active);
        if let Some(id) = named
            .into_iter()
            .find(|id| !store.position.contains_key(*id))
        {
            return Err(format!(
                "the seed's aliases or billingActive name unknown customer {id}"
            ));
        }
        Ok(store)
    }

    pub fn add_customer(&mut self, customer: Customer) {
        self.position
            .insert(customer.id.clone(), self.customers.len());
        self.customers.push(customer);
    }

    /// `count` generated customers (for paging at scale), ids stable between runs.
    pub fn add_generated(&mut self, count: usize) {
        self.customers.reserve(count);
        self.position.reserve(count);
        for n in 0..count {
            self.add_customer(generated(generated_id(n), n + 1));
        }
    }

    /// Groups the `customers` generated ones into organizations of an owner and
    /// three members, spread evenly over them (so every stretch of the customer
    /// pages holds some), so a big tenant has big lists of both.
    pub fn group_generated(
        &mut self,
        organizations: usize,
        customers: usize,
    ) -> Result<(), String> {
        let needed = organizations.saturating_mul(GROUP);
        if needed > customers {
            return Err(format!(
                "--organizations {organizations} needs at least {needed} generated customers \
                 (--customers), {customers} given"
            ));
        }
        let stride = customers / organizations.max(1);
        for k in 0..organizations {
            let id = uuid::Uuid::from_u128(0x0e9_0000_0000_4000_8000_0000_0000_0000 | k as u128);
            let owner = k * stride;
            self.put_org(Org {
                id: id.to_string(),
                owner_id: generated_id(owner),
                member_ids: (1..GROUP).map(|m| generated_id(owner + m)).collect(),
            });
        }
        Ok(())
    }

    pub fn customer(&self, id: &str) -> Option<&Customer> {
        self.position.get(id).map(|&at| &self.customers[at])
    }

    pub fn customer_mut(&mut self, id: &str) -> Option<&mut Customer> {
        self.position.get(id).map(|&at| &mut self.customers[at])
    }

    /// The first organization `owner` owns (in creation order), as `parentId` joins it.
    pub fn first_owned(&self, owner: &str) -> Option<&Org> {
        self.links
            .get(owner)
            .into_iter()
            .flatten()
            .filter_map(|id| self.orgs.get(id))
            .find(|org| org.owner_id == owner)
    }

    /// Stores `org` (new or with a new member list) and re-links every customer it
    /// named before or names now.
    pub fn put_org(&mut self, org: Org) {
        if let Some(old) = self.orgs.get(&org.id) {
            for id in old.member_ids.clone() {
                self.unlink(&id, &org.id);
            }
        }
        for id in std::iter::once(&org.owner_id).chain(&org.member_ids) {
            let links = self.links.entry(id.clone()).or_default();
            if !links.contains(&org.id) {
                links.push(org.id.clone());
            }
        }
        self.orgs.insert(org.id.clone(), org);
    }

    fn unlink(&mut self, customer: &str, org: &str) {
        if let Some(links) = self.links.get_mut(customer) {
            links.retain(|id| id != org);
        }
    }

    fn named(&self, id: &str) -> CustomerRef {
        CustomerRef {
            id: id.to_owned(),
            name: self
                .customer(id)
                .map(|c| c.legal_name.clone())
                .unwrap_or_default(),
        }
    }

    pub fn organization(&self, org: &Org) -> CustomerOrganization {
        CustomerOrganization {
            id: org.id.clone(),
            owner: self.named(&org.owner_id),
            members: org.member_ids.iter().map(|id| self.named(id)).collect(),
        }
    }

    /// The organizations `customer` owns or belongs to, whole.
    pub fn organizations_of(&self, customer: &str) -> Vec<CustomerOrganization> {
        self.links
            .get(customer)
            .into_iter()
            .flatten()
            .filter_map(|id| self.orgs.get(id))
            .map(|org| self.organization(org))
            .collect()
    }

    /// The customer as `GET /customers/{id}` answers it.
    pub fn full(&self, customer: &Customer) -> Customer {
        Customer {
            organizations: self.organizations_of(&customer.id),
            ..customer.clone()
        }
    }

    /// The customer as a list item.
    pub fn item(&self, customer: &Customer) -> CustomerItem {
        CustomerItem {
            id: customer.id.clone(),
            created_at: customer.created_at.clone(),
            legal_name: customer.legal_name.clone(),
            address: customer.address.clone(),
            integration_ids: customer.integration_ids.clone(),
            custom_properties: customer.custom_properties.clone(),
            organizations: self.organizations_of(&customer.id),
            tax_status: customer.tax_status.clone(),
            url: customer.url.clone(),
            domain: customer.domain.clone(),
            label: customer.label.clone(),
            archived_at: customer.archived_at.clone(),
        }
    }
}

const GENERATED_AT: &str = "2026-01-01T00:00:00Z";

/// Customers per generated organization: its owner and three members.
const GROUP: usize = 4;

/// The id of generated customer `n` (from 0), stable between runs.
fn generated_id(n: usize) -> String {
    uuid::Uuid::from_u128(0x5e9_0000_0000_4000_8000_0000_0000_0000 | n as u128).to_string()
}

/// Generated customer number `n`: plain, active, in one country.
fn generated(id: String, n: usize) -> Customer {
    Customer {
        id,
        created_at: GENERATED_AT.to_owned(),
        legal_name: format!("Generated Customer {n:06}"),
        address: Address {
            line1: format!("{n} Generated Row"),
            line2: None,
            town: "London".to_owned(),
            state: None,
            postcode: "EC1A 1BB".to_owned(),
            country: "GB".to_owned(),
        },
        contacts: vec![Contact {
            id: uuid::Uuid::from_u128(0xc0_0000_0000_4000_8000_0000_0000_0000 | n as u128)
                .to_string(),
            name: "Billing".to_owned(),
            email: format!("billing-{n}@generated.example"),
            billing_preference: "PRIMARY".to_owned(),
            created_at: GENERATED_AT.to_owned(),
            updated_at: GENERATED_AT.to_owned(),
            archived_at: None,
        }],
        integration_ids: Vec::new(),
        custom_properties: serde_json::Map::new(),
        organizations: Vec::new(),
        status: "ACTIVE".to_owned(),
        tax_status: "TAXED".to_owned(),
        url: None,
        domain: None,
        label: None,
        archived_at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_customers_are_grouped_evenly_and_too_few_are_refused() {
        let mut store = Store::from_seed(DEFAULT_SEED).unwrap();
        let seeded = store.orgs.len();
        store.add_generated(100);
        assert!(store.group_generated(26, 100).unwrap_err().contains("104"));
        store.group_generated(10, 100).unwrap();
        assert_eq!(store.orgs.len(), seeded + 10);
        // The tenth owner is customer 90: spread over the whole list, not packed
        // at its start.
        let last = generated_id(90);
        let owned = store.first_owned(&last).expect("customer 90 owns one");
        assert_eq!(owned.member_ids.len(), 3);
        let member = &owned.member_ids[2];
        assert_eq!(store.links.get(member).map(Vec::len), Some(1));
    }

    #[test]
    fn the_shipped_seed_loads_with_its_organizations_linked() {
        let store = Store::from_seed(DEFAULT_SEED).unwrap();
        assert!(store.customers.len() >= 40);
        assert!(store.orgs.len() >= 10);
        for org in store.orgs.values() {
            for id in std::iter::once(&org.owner_id).chain(&org.member_ids) {
                assert!(store.organizations_of(id).iter().any(|o| o.id == org.id));
            }
        }
    }

    #[test]
    fn a_seed_naming_an_unknown_customer_is_refused() {
        let seed = r#"{"credentials": [], "customers": [],
            "organizations": [{"id": "o", "ownerId": "nobody", "memberIds": []}]}"#;
        assert!(
            Store::from_seed(seed)
                .unwrap_err()
                .contains("unknown customer")
        );
    }
}
