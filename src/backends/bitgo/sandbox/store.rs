//! The sandbox's in-memory state: users, organizations, enterprises, pending
//! approvals, tokens and what each idempotency key created, loaded from seed JSON
//! that is checked against the contract's rules.

use std::collections::HashMap;

use indexmap::{IndexMap, IndexSet};
use serde::Deserialize;

use crate::backends::bitgo::wire::{
    AccountType, BusinessModel, CreatedEnterprise, KycState, OrgRole, Permission, is_id,
};

use super::changes::{Approval, Change};

/// The seed shipped with orgdeck: organizations Northwind CaaS and Harbor Labs.
pub const DEFAULT_SEED: &str = include_str!("../../../../assets/bitgo/seed.json");

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    /// Lower-cased; it is also the username.
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// Whether the email is verified; unverified users are "inactive".
    pub verified: bool,
    /// Ids of the enterprises the user holds permissions on.
    pub enterprises: IndexSet<String>,
}

impl User {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }
}

#[derive(Debug, Clone)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub business_model: Option<String>,
    pub pricing_plan: Option<String>,
    pub name_suffix: Option<String>,
    /// More than 1: member changes wait for another admin's approval.
    pub approvals_required: u32,
    /// User id → role, in the order they joined.
    pub members: IndexMap<String, OrgRole>,
    /// Child enterprise ids in creation order: the order lists page in.
    pub enterprises: IndexSet<String>,
}

#[derive(Debug, Clone)]
pub struct Ent {
    pub id: String,
    pub name: String,
    pub organization: String,
    pub kyc_state: KycState,
    pub account_type: AccountType,
    pub business_model: Option<BusinessModel>,
    pub created_at: String,
    /// More than 1: adding or removing users waits for another admin's approval.
    pub approvals_required: u32,
    pub frozen: bool,
    /// User id → permissions.
    pub users: IndexMap<String, Vec<Permission>>,
}

impl Ent {
    pub fn is_admin(&self, user: &str) -> bool {
        self.users
            .get(user)
            .is_some_and(|p| p.contains(&Permission::Admin))
    }

    pub fn admins(&self) -> usize {
        self.users
            .values()
            .filter(|p| p.contains(&Permission::Admin))
            .count()
    }
}

/// What a create with an idempotency key made, and the body it was made from.
#[derive(Debug, Clone)]
pub struct Created {
    pub body: serde_json::Value,
    pub answer: CreatedEnterprise,
}

#[derive(Debug, Clone)]
pub struct TokenRecord {
    pub user: String,
}

#[derive(Debug, Default)]
pub struct Store {
    pub users: IndexMap<String, User>,
    /// Lower-cased email → user id.
    pub by_email: HashMap<String, String>,
    pub orgs: IndexMap<String, Org>,
    pub enterprises: IndexMap<String, Ent>,
    pub approvals: IndexMap<String, Approval>,
    pub tokens: HashMap<String, TokenRecord>,
    /// (organization id, idempotency key) → what it created.
    pub created: HashMap<(String, String), Created>,
    /// Bumped by every change, so ETags built on it change whenever data does.
    pub revision: u64,
    next_id: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeedFile {
    users: Vec<SeedUser>,
    organizations: Vec<SeedOrg>,
    enterprises: Vec<SeedEnt>,
    tokens: Vec<SeedToken>,
    pending_approvals: Vec<SeedApproval>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedUser {
    id: String,
    email: String,
    first_name: String,
    last_name: String,
    verified: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedOrg {
    id: String,
    name: String,
    business_model: Option<String>,
    pricing_plan: Option<String>,
    enterprise_name_suffix: Option<String>,
    approvals_required: u32,
    members: Vec<SeedMember>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedMember {
    user: String,
    role: OrgRole,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedEnt {
    id: String,
    name: String,
    organization: String,
    kyc_state: KycState,
    account_type: AccountType,
    business_model: Option<BusinessModel>,
    created_at: String,
    approvals_required: u32,
    #[serde(default)]
    frozen: bool,
    users: Vec<SeedEntUser>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedEntUser {
    user: String,
    permissions: Vec<Permission>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedToken {
    token: String,
    user: String,
    label: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedApproval {
    id: String,
    creator: String,
    create_date: String,
    change: Change,
}

impl Store {
    /// Loads seed JSON, refusing data that breaks the contract's rules: a sandbox
    /// that starts from invalid data would teach the client wrong lessons.
    pub fn from_seed(json: &str) -> Result<Store, String> {
        let seed: SeedFile =
            serde_json::from_str(json).map_err(|err| format!("seed data is not valid: {err}"))?;
        let mut store = Store {
            revision: 1,
            ..Store::default()
        };
        for user in seed.users {
            store.add_seed_user(user)?;
        }
        for org in seed.organizations {
            store.add_seed_org(org)?;
        }
        for ent in seed.enterprises {
            store.add_seed_ent(ent)?;
        }
        for token in seed.tokens {
            if !store.users.contains_key(&token.user) {
                return Err(format!("seed: token {} names unknown user", token.label));
            }
            let record = TokenRecord { user: token.user };
            if store.tokens.insert(token.token, record).is_some() {
                return Err("seed: a token appears twice".into());
            }
        }
        for approval in seed.pending_approvals {
            check_id(&approval.id, "pending approval")?;
            store
                .hold(
                    approval.change,
                    &approval.creator,
                    Some(approval.id.clone()),
                )
                .map_err(|err| format!("seed: approval {}: {}", approval.id, err.error))?;
            if let Some(held) = store.approvals.get_mut(&approval.id) {
                held.record.create_date = approval.create_date;
            }
        }
        Ok(store)
    }

    fn add_seed_user(&mut self, user: SeedUser) -> Result<(), String> {
        check_id(&user.id, "user")?;
        let email = user.email.to_lowercase();
        if self.by_email.contains_key(&email) || self.users.contains_key(&user.id) {
            return Err(format!("seed: user {email} appears twice"));
        }
        self.insert_user(User {
            id: user.id,
            email,
            first_name: user.first_name,
            last_name: user.last_name,
            verified: user.verified,
            enterprises: IndexSet::new(),
        });
        Ok(())
    }

    fn add_seed_org(&mut self, org: SeedOrg) -> Result<(), String> {
        check_id(&org.id, "organization")?;
        let mut members = IndexMap::new();
        for member in org.members {
            if !self.users.contains_key(&member.user) {
                return Err(format!(
                    "seed: organization {}: unknown user {}",
                    org.name, member.user
                ));
            }
            members.insert(member.user, member.role);
        }
        if !members.values().any(|r| *r == OrgRole::Admin) {
            return Err(format!("seed: organization {} has no admin", org.name));
        }
        self.orgs.insert(
            org.id.clone(),
            Org {
                id: org.id,
                name: org.name,
                business_model: org.business_model,
                pricing_plan: org.pricing_plan,
                name_suffix: org.enterprise_name_suffix,
                approvals_required: org.approvals_required,
                members,
                enterprises: IndexSet::new(),
            },
        );
        Ok(())
    }

    fn add_seed_ent(&mut self, seed: SeedEnt) -> Result<(), String> {
        check_id(&seed.id, "enterprise")?;
        let context = format!("seed: enterprise {}", seed.name);
        if self.enterprises.contains_key(&seed.id) || !self.orgs.contains_key(&seed.organization) {
            return Err(format!("{context}: id used twice or unknown organization"));
        }
        let mut ent = Ent {
            id: seed.id,
            name: seed.name,
            organization: seed.organization,
            kyc_state: seed.kyc_state,
            account_type: seed.account_type,
            business_model: seed.business_model,
            created_at: seed.created_at,
            approvals_required: seed.approvals_required,
            frozen: seed.frozen,
            users: IndexMap::new(),
        };
        for user in seed.users {
            if !self.users.contains_key(&user.user) {
                return Err(format!("{context}: unknown user {}", user.user));
            }
            ent.users.insert(user.user, user.permissions);
        }
        if ent.admins() == 0 {
            return Err(format!("{context}: no admin"));
        }
        self.insert_enterprise(ent);
        Ok(())
    }

    pub fn insert_user(&mut self, user: User) {
        self.by_email.insert(user.email.clone(), user.id.clone());
        self.users.insert(user.id.clone(), user);
    }

    /// Adds an enterprise to its organization and its users' indexes.
    pub fn insert_enterprise(&mut self, ent: Ent) {
        for user in ent.users.keys() {
            if let Some(user) = self.users.get_mut(user) {
                user.enterprises.insert(ent.id.clone());
            }
        }
        if let Some(org) = self.orgs.get_mut(&ent.organization) {
            org.enterprises.insert(ent.id.clone());
        }
        self.enterprises.insert(ent.id.clone(), ent);
    }

    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        self.by_email
            .get(&email.trim().to_lowercase())
            .and_then(|id| self.users.get(id))
    }

    /// The user with `email`, made (unverified, as an invitee) when it is new.
    pub fn user_for_email(&mut self, email: &str) -> String {
        if let Some(user) = self.user_by_email(email) {
            return user.id.clone();
        }
        let email = email.trim().to_lowercase();
        let local = email.split('@').next().unwrap_or_default();
        let (first, last) = local.split_once('.').unwrap_or((local, ""));
        let (first_name, last_name) = (capitalised(first), capitalised(last));
        let id = self.new_id();
        self.insert_user(User {
            id: id.clone(),
            email,
            first_name,
            last_name,
            verified: false,
            enterprises: IndexSet::new(),
        });
        id
    }

    /// A fresh id of the contract's pattern, never one in use.
    pub fn new_id(&mut self) -> String {
        loop {
            self.next_id += 1;
            let id = format!("5e{:014x}{:016x}", self.next_id, mix(self.next_id));
            let used = self.users.contains_key(&id)
                || self.orgs.contains_key(&id)
                || self.enterprises.contains_key(&id)
                || self.approvals.contains_key(&id);
            if !used {
                return id;
            }
        }
    }

    pub fn role_in(&self, org: &str, user: &str) -> Option<OrgRole> {
        self.orgs.get(org)?.members.get(user).copied()
    }

    /// Whether `user` sees `ent` whole: they hold permissions on it or administer
    /// its organization. Everyone else in the organization sees a stub.
    pub fn sees_whole(&self, ent: &Ent, user: &str) -> bool {
        ent.users.contains_key(user)
            || self.role_in(&ent.organization, user) == Some(OrgRole::Admin)
    }

    pub fn touch(&mut self) {
        self.revision += 1;
    }

    /// The demo tokens with the organization and role they act as, for the banner.
    pub fn demo_tokens(&self) -> Vec<(String, String, String)> {
        let mut tokens: Vec<(String, String, String)> = self
            .tokens
            .iter()
            .map(|(raw, record)| {
                let (org, role) = self
                    .orgs
                    .values()
                    .find_map(|o| o.members.get(&record.user).map(|r| (o.name.clone(), *r)))
                    .map_or((String::new(), "none"), |(o, r)| (o, r.as_str()));
                (raw.clone(), org, role.to_owned())
            })
            .collect();
        tokens.sort();
        tokens
    }
}

fn check_id(id: &str, what: &str) -> Result<(), String> {
    if is_id(id) {
        Ok(())
    } else {
        Err(format!(
            "seed: {what} id {id:?} is not 32 lowercase hex characters"
        ))
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Spreads a counter over 64 bits (splitmix64), so fresh ids do not look sequential.
pub fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Now, to the second, as BitGo writes dates.
pub fn now() -> String {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_seed_loads_with_the_promised_shape() {
        let store = Store::from_seed(DEFAULT_SEED).expect("seed loads");
        assert_eq!(store.orgs.len(), 2);
        let caas = &store.orgs[0];
        assert_eq!(caas.business_model.as_deref(), Some("cryptoAsAService"));
        assert!((28..=32).contains(&caas.enterprises.len()));
        let of_caas = || {
            caas.enterprises
                .iter()
                .map(|id| &store.enterprises[id.as_str()])
        };
        for state in KycState::ALL {
            assert!(of_caas().any(|e| e.kyc_state == *state), "{state:?}");
        }
        for kind in AccountType::ALL {
            assert!(of_caas().any(|e| e.account_type == *kind));
        }
        assert!(of_caas().filter(|e| e.approvals_required == 2).count() >= 3);
        assert!((35..=45).contains(&store.users.len()));
        let admins = caas
            .members
            .values()
            .filter(|r| **r == OrgRole::Admin)
            .count();
        assert!(admins >= 2);
        for kind in [
            "enterpriseInviteRequest",
            "updateOrganizationRequest",
            "userChangeRequest",
        ] {
            let held = store
                .approvals
                .values()
                .filter(|a| a.record.info.kind == kind);
            assert!(held.count() >= 2, "{kind}");
        }
        assert!(store.tokens.len() >= 4);
    }

    #[test]
    fn a_seed_that_breaks_a_rule_is_refused_with_a_reason() {
        let first = Store::from_seed(DEFAULT_SEED).unwrap().users[0].id.clone();
        let broken = DEFAULT_SEED.replacen(&first, "NOT-HEX", 1);
        let err = Store::from_seed(&broken).unwrap_err();
        assert!(err.contains("32 lowercase hex"), "{err}");
        assert!(Store::from_seed("{").unwrap_err().contains("not valid"));
    }

    #[test]
    fn the_generated_organization_is_deterministic() {
        let mut a = Store::default();
        a.add_bulk_org(1_000);
        let ids: Vec<&String> = a.orgs[0].enterprises.iter().collect();
        assert_eq!(ids.len(), 1_000);
        assert!(ids.iter().all(|id| is_id(id)));
        let mut b = Store::default();
        b.add_bulk_org(1_000);
        assert!(
            a.orgs[0]
                .enterprises
                .iter()
                .eq(b.orgs[0].enterprises.iter())
        );
    }
}
