//! The sandbox's in-memory state: tenants with their settings, customer organizations,
//! users and tokens, loaded from seed JSON (checked against the contract's rules) and
//! optionally a generated `bulk` tenant for scale tests (see `bulk`).

use std::collections::HashMap;

use indexmap::IndexMap;
use jiff::Timestamp;
use serde::Deserialize;

use crate::backends::muninx::wire::{
    CustomerAccessType, CustomerOrganization, OrgStatus, ReplyIdentity, TenantSettings, User,
    UserType,
};

use crate::backends::muninx::rules;
use crate::sandbox::Snapshotted;

/// The seed shipped with orgdeck: tenants `acme` and `globex`.
pub const DEFAULT_SEED: &str = include_str!("../../../../assets/muninx/seed.json");

pub const BULK_TOKEN: &str = "sandbox-bulk-admin";

/// Now, to the second: sub-second digits in `created-at` only add noise for operators.
pub fn now() -> Timestamp {
    let now = Timestamp::now();
    Timestamp::from_second(now.as_second()).unwrap_or(now)
}

#[derive(Debug, Clone)]
pub struct TokenRecord {
    pub id: String,
    pub name: String,
    pub tenant: usize,
    /// Lower-cased email of the user the token acts as.
    pub user: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Default)]
pub struct Store {
    pub tenants: Vec<Tenant>,
    /// Raw token → record. The raw value is never listed after creation.
    pub tokens: HashMap<String, TokenRecord>,
}

#[derive(Debug)]
pub struct Tenant {
    pub slug: String,
    pub settings: TenantSettings,
    /// Snapshotted so that a long list streams from the data as it was when it began.
    pub orgs: Snapshotted<IndexMap<String, CustomerOrganization>>,
    /// Lower-cased domain → id of the organization that owns it.
    domain_owners: HashMap<String, String>,
    /// Lower-cased email → user, snapshotted like `orgs`.
    pub users: Snapshotted<IndexMap<String, User>>,
    /// Bumped by every change, so an ETag built on it changes whenever data does.
    pub revision: u64,
    next_org_number: u64,
}

#[derive(Deserialize)]
struct SeedFile {
    tenants: Vec<SeedTenant>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct SeedTenant {
    id: String,
    slug: String,
    display_name: String,
    customer_access_type: CustomerAccessType,
    allowed_domains: Vec<String>,
    blocked_domains: Vec<String>,
    owner: String,
    reply_identity: ReplyIdentity,
    created_at: Timestamp,
    tokens: Vec<SeedToken>,
    organizations: Vec<SeedOrganization>,
    users: Vec<User>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct SeedOrganization {
    id: String,
    display_name: String,
    domains: Vec<String>,
    external_ref: Option<String>,
    notes: Option<String>,
    status: OrgStatus,
    created_at: Timestamp,
    updated_at: Timestamp,
}

#[derive(Deserialize)]
struct SeedToken {
    id: String,
    name: String,
    token: String,
    user: String,
    created_at: Timestamp,
}

impl Store {
    /// Loads seed JSON, refusing data that breaks the contract's rules: a sandbox that
    /// starts from invalid data would teach the client wrong lessons.
    pub fn from_seed(json: &str) -> Result<Store, String> {
        let seed: SeedFile =
            serde_json::from_str(json).map_err(|err| format!("seed data is not valid: {err}"))?;
        let mut store = Store::default();
        for tenant in seed.tenants {
            store.add_seed_tenant(tenant)?;
        }
        Ok(store)
    }

    fn add_seed_tenant(&mut self, seed: SeedTenant) -> Result<(), String> {
        let slug = seed.slug.clone();
        if self.tenants.iter().any(|t| t.slug == slug) {
            return Err(format!("seed: tenant {slug} appears twice"));
        }
        let mut tenant = Tenant::new(
            slug.clone(),
            TenantSettings {
                id: seed.id,
                display_name: seed.display_name,
                customer_access_type: seed.customer_access_type,
                allowed_domains: seed.allowed_domains,
                blocked_domains: seed.blocked_domains,
                owner: seed.owner.to_lowercase(),
                reply_identity: seed.reply_identity,
                created_at: seed.created_at,
            },
        );
        for org in seed.organizations {
            tenant.add_seed_org(&slug, org)?;
        }
        for user in seed.users {
            tenant.add_seed_user(&slug, user)?;
        }
        let owner_is_admin = tenant
            .users
            .get(&tenant.settings.owner)
            .is_some_and(|u| u.kind == UserType::Admin);
        if !owner_is_admin {
            return Err(format!(
                "seed: tenant {slug}: the owner must be an admin of the tenant"
            ));
        }
        let index = self.tenants.len();
        for token in seed.tokens {
            self.add_seed_token(&tenant, index, token)?;
        }
        self.tenants.push(tenant);
        Ok(())
    }

    /// A seed token, for a user of `tenant` (which will stand at `index`).
    fn add_seed_token(
        &mut self,
        tenant: &Tenant,
        index: usize,
        token: SeedToken,
    ) -> Result<(), String> {
        let user = token.user.to_lowercase();
        if !tenant.users.contains_key(&user) {
            return Err(format!(
                "seed: token {} names unknown user {user}",
                token.id
            ));
        }
        if self.tokens.contains_key(&token.token) {
            return Err(format!("seed: token {} appears twice", token.id));
        }
        self.tokens.insert(
            token.token,
            TokenRecord {
                id: token.id,
                name: token.name,
                tenant: index,
                user,
                created_at: token.created_at,
            },
        );
        Ok(())
    }

    /// The demo tokens with the tenant and role they act as, for the startup banner.
    pub fn demo_tokens(&self) -> Vec<(String, String, UserType)> {
        let mut tokens: Vec<(String, String, UserType)> = self
            .tokens
            .iter()
            .filter_map(|(raw, record)| {
                let tenant = self.tenants.get(record.tenant)?;
                let user = tenant.users.get(&record.user)?;
                Some((raw.clone(), tenant.slug.clone(), user.kind))
            })
            .collect();
        tokens.sort();
        tokens
    }
}

impl Tenant {
    /// A seed organization, checked by the contract's rules: its domains are valid,
    /// its own and no other organization's.
    fn add_seed_org(&mut self, slug: &str, org: SeedOrganization) -> Result<(), String> {
        let context = format!("seed: tenant {slug}, organization {}", org.id);
        if self.orgs.contains_key(&org.id) {
            return Err(format!("{context}: id used twice"));
        }
        if org.domains.len() > rules::MAX_DOMAINS {
            return Err(format!(
                "{context}: more than {} domains",
                rules::MAX_DOMAINS
            ));
        }
        let mut domains = Vec::new();
        for raw in &org.domains {
            let domain = rules::domain(raw).map_err(|why| format!("{context}: {why}"))?;
            if let Some(owner) = self.domain_owner(&domain) {
                return Err(format!(
                    "{context}: domain {domain} already used by {owner}"
                ));
            }
            if domains.contains(&domain) {
                return Err(format!("{context}: domain {domain} listed twice"));
            }
            domains.push(domain);
        }
        let organization = CustomerOrganization {
            id: org.id,
            tenant_id: self.settings.id.clone(),
            display_name: rules::text(&org.display_name, rules::MAX_DISPLAY_NAME)
                .map_err(|why| format!("{context}: display-name {why}"))?,
            domains,
            external_ref: org.external_ref,
            notes: org.notes,
            status: org.status,
            created_at: org.created_at,
            updated_at: org.updated_at,
        };
        self.insert_org(organization);
        Ok(())
    }

    /// A seed user: staff have an agent type and the tenant's organization,
    /// customers an organization of the tenant (or none).
    fn add_seed_user(&mut self, slug: &str, user: User) -> Result<(), String> {
        let key = user.email.to_lowercase();
        let context = format!("seed: tenant {slug}, user {key}");
        if self.users.contains_key(&key) {
            return Err(format!("{context}: email used twice"));
        }
        if user.kind.is_staff() != user.agent_type.is_some() {
            return Err(format!(
                "{context}: staff need an agent-type, customers must not have one"
            ));
        }
        match (&user.organization, user.kind.is_staff()) {
            (Some(org), false) if !self.orgs.contains_key(org) => {
                return Err(format!("{context}: unknown organization {org}"));
            }
            (Some(org), true) if *org != self.settings.id => {
                return Err(format!(
                    "{context}: staff belong to the tenant organization"
                ));
            }
            _ => {}
        }
        self.users.edit().insert(
            key,
            User {
                email: user.email.to_lowercase(),
                ..user
            },
        );
        Ok(())
    }

    pub(super) fn new(slug: String, settings: TenantSettings) -> Tenant {
        Tenant {
            slug,
            settings,
            orgs: Snapshotted::default(),
            domain_owners: HashMap::new(),
            users: Snapshotted::default(),
            revision: 1,
            next_org_number: 0,
        }
    }

    /// The id of the organization that holds `domain` (compared case-insensitively).
    pub fn domain_owner(&self, domain: &str) -> Option<&str> {
        self.domain_owners
            .get(&domain.to_ascii_lowercase())
            .map(String::as_str)
    }

    pub fn insert_org(&mut self, org: CustomerOrganization) {
        // Keeps the id counter above every organization ever held.
        self.next_org_number = self.next_org_number.max(self.orgs.len() as u64 + 2);
        for domain in &org.domains {
            self.domain_owners
                .insert(domain.to_ascii_lowercase(), org.id.clone());
        }
        self.orgs.edit().insert(org.id.clone(), org);
    }

    /// Replaces an organization's domains, keeping the uniqueness index in step.
    pub fn set_domains(&mut self, id: &str, domains: Vec<String>) {
        let Some(org) = self.orgs.edit().get_mut(id) else {
            return;
        };
        for old in &org.domains {
            self.domain_owners.remove(&old.to_ascii_lowercase());
        }
        for new in &domains {
            self.domain_owners
                .insert(new.to_ascii_lowercase(), id.to_owned());
        }
        org.domains = domains;
    }

    /// Deletes an organization; its customers stay, without an organization.
    pub fn remove_org(&mut self, id: &str) -> Option<CustomerOrganization> {
        let org = self.orgs.edit().shift_remove(id)?;
        for domain in &org.domains {
            self.domain_owners.remove(&domain.to_ascii_lowercase());
        }
        for user in self.users.edit().values_mut() {
            if user.organization.as_deref() == Some(id) && !user.kind.is_staff() {
                user.organization = None;
            }
        }
        Some(org)
    }

    /// A fresh id, never one handed out before (even if that organization was deleted).
    pub fn next_org_id(&mut self) -> String {
        loop {
            let id = format!("co-{}-{:02}", self.slug, self.next_org_number);
            self.next_org_number += 1;
            if !self.orgs.contains_key(&id) {
                return id;
            }
        }
    }

    pub fn touch(&mut self) {
        self.revision += 1;
    }

    #[cfg(test)]
    pub fn members_of(&self, org: &str) -> usize {
        self.users
            .values()
            .filter(|u| !u.kind.is_staff() && u.organization.as_deref() == Some(org))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::muninx::wire::{AgentType, UserStatus};

    #[test]
    fn default_seed_loads_and_has_the_promised_shape() {
        let store = Store::from_seed(DEFAULT_SEED).expect("seed loads");
        let acme = &store.tenants[0];
        assert_eq!(acme.slug, "acme");
        assert_eq!(acme.settings.display_name, "Acme Support");
        assert!((10..=14).contains(&acme.orgs.len()));
        assert_eq!(
            acme.orgs
                .values()
                .filter(|o| o.status == OrgStatus::Suspended)
                .count(),
            1
        );
        assert!(acme.orgs.values().any(|o| o.domains.len() == 5));
        assert!(acme.orgs.keys().any(|id| acme.members_of(id) == 0));
        assert!((55..=65).contains(&acme.users.len()));
        let count = |status| acme.users.values().filter(|u| u.status == status).count();
        assert!(count(UserStatus::Pending) >= 8);
        assert_eq!(count(UserStatus::Suspended), 3);
        for kind in UserType::ALL {
            assert!(acme.users.values().any(|u| u.kind == kind));
        }
        for agent_type in AgentType::ALL {
            assert!(
                acme.users
                    .values()
                    .any(|u| u.agent_type == Some(agent_type))
            );
        }
        assert_eq!(store.tenants[1].slug, "globex");
        let tokens: Vec<String> = store.demo_tokens().into_iter().map(|t| t.0).collect();
        for expected in [
            "sandbox-acme-admin",
            "sandbox-acme-agent",
            "sandbox-acme-customer",
            "sandbox-globex-admin",
        ] {
            assert!(tokens.iter().any(|t| t == expected), "{expected} missing");
        }
    }

    #[test]
    fn seed_that_breaks_a_rule_is_refused_with_a_reason() {
        let broken = DEFAULT_SEED.replacen("\"acme-ltd.co.uk\"", "\"northwind-traders.com\"", 1);
        let err = Store::from_seed(&broken).unwrap_err();
        assert!(err.contains("already used"), "{err}");
        assert!(Store::from_seed("{").unwrap_err().contains("not valid"));
    }

    #[test]
    fn removing_an_org_orphans_its_customers_and_frees_its_domains() {
        let mut store = Store::from_seed(DEFAULT_SEED).unwrap();
        let acme = &mut store.tenants[0];
        let id = "co-acme-01";
        let domain = acme.orgs[id].domains[0].clone();
        assert!(acme.members_of(id) > 0);
        acme.remove_org(id).unwrap();
        assert_eq!(acme.members_of(id), 0);
        assert_eq!(acme.domain_owner(&domain), None);
    }
}
