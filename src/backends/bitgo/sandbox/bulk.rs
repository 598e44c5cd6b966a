//! `--enterprises N`: a generated CaaS organization with N child enterprises, the
//! same every run so that measurements can be repeated.

use indexmap::{IndexMap, IndexSet};

use crate::backends::bitgo::wire::{AccountType, BusinessModel, KycState, OrgRole};

use super::store::{Ent, Org, Store, TokenRecord, User, mix};

/// The token of the generated organization's admin.
pub const BULK_TOKEN: &str = "bitgo-bulk-admin";
pub const BULK_ORG_ID: &str = "b0000000000000000000000000000b01";
const BULK_ADMIN_ID: &str = "b0000000000000000000000000000a01";

const NAMES: [&str; 16] = [
    "Aurora", "Basalt", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris",
    "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus", "Onyx", "Pioneer",
];

/// The id of generated enterprise `n`: "be", its number, then a spread of bits.
pub fn bulk_enterprise_id(n: u64) -> String {
    format!("be{n:014x}{:016x}", mix(n))
}

impl Store {
    /// Adds the generated organization; its admin (token [`BULK_TOKEN`]) sees every
    /// child enterprise whole, as an organization admin does.
    pub fn add_bulk_org(&mut self, enterprises: usize) {
        let epoch =
            jiff::Timestamp::from_second(1_704_067_200).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        self.insert_user(User {
            id: BULK_ADMIN_ID.into(),
            email: "admin@bulk-caas.example".into(),
            first_name: "Bulk".into(),
            last_name: "Admin".into(),
            verified: true,
            enterprises: IndexSet::new(),
        });
        let mut org = Org {
            id: BULK_ORG_ID.into(),
            name: "Bulk CaaS".into(),
            business_model: Some("cryptoAsAService".into()),
            pricing_plan: Some("enterprise".into()),
            name_suffix: Some("Bulk".into()),
            approvals_required: 1,
            members: IndexMap::from([(BULK_ADMIN_ID.to_owned(), OrgRole::Admin)]),
            enterprises: IndexSet::with_capacity(enterprises),
        };
        self.enterprises.reserve(enterprises);
        for n in 1..=enterprises as u64 {
            let at = jiff::Timestamp::from_second(epoch.as_second() + (n as i64 % 500_000) * 60)
                .unwrap_or(epoch);
            let ent = Ent {
                id: bulk_enterprise_id(n),
                name: format!("{} Customer {n}", NAMES[(n % 16) as usize]),
                organization: BULK_ORG_ID.into(),
                kyc_state: KycState::ALL[(n % KycState::ALL.len() as u64) as usize],
                account_type: if n % 3 == 0 {
                    AccountType::Entity
                } else {
                    AccountType::Individual
                },
                business_model: Some(BusinessModel::CryptoAsAServiceChild),
                created_at: at.to_string(),
                approvals_required: 1,
                frozen: n % 97 == 0,
                users: IndexMap::new(),
            };
            org.enterprises.insert(ent.id.clone());
            self.enterprises.insert(ent.id.clone(), ent);
        }
        self.orgs.insert(org.id.clone(), org);
        self.tokens.insert(
            BULK_TOKEN.into(),
            TokenRecord {
                user: BULK_ADMIN_ID.into(),
            },
        );
        self.touch();
    }
}
