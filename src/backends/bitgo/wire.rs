//! The JSON of BitGo's organization API as `shared/api/bitgo.md` describes it: the
//! sandbox answers with these types, and a client reads them. Optional fields the
//! vendor may leave out are `Option`s; list items may be stubs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

mod approvals;
pub use approvals::*;

/// Whether `text` is an id of the contract's pattern `^[0-9a-f]{32}$`.
pub fn is_id(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

macro_rules! words {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $word)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }
    };
}

words!(
    /// A user's role in an organization.
    OrgRole { ServiceUser = "serviceUser", Admin = "admin", Member = "member", Customer = "customer" }
);
words!(
    /// What an item's `kycState` may say; the list filter takes only the first four.
    KycState {
        Unverified = "unverified", Approved = "approved", Rejected = "rejected", Pending = "pending",
        Qrscanned = "qrscanned", Inreview = "inreview", Flagged = "flagged",
        FlaggedRetryAllowed = "flagged_retry_allowed",
    }
);
words!(AccountType { Individual = "individual", Entity = "entity" });
words!(
    BusinessModel {
        BitgoAsAService = "bitgoAsAService",
        CryptoAsAServiceParent = "cryptoAsAServiceParent",
        CryptoAsAServiceChild = "cryptoAsAServiceChild",
    }
);
words!(
    /// A user's permission on an enterprise.
    Permission { Admin = "admin", Auditor = "auditor", WalletCreate = "wallet.create" }
);

impl KycState {
    /// The states `kycState=` filters on.
    pub const FILTERS: &'static [KycState] = &[
        KycState::Unverified,
        KycState::Approved,
        KycState::Rejected,
        KycState::Pending,
    ];
}

/// An item of `GET /api/v2/organization`; every field is required (`businessModel` null).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationItem {
    pub id: String,
    pub name: String,
    pub enterprise_count: u64,
    pub role: OrgRole,
    pub business_model: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationList {
    pub organizations: Vec<OrganizationItem>,
}

/// `GET /api/v2/organization/{id}`'s organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    pub name: Option<String>,
    pub pricing_plan: Option<String>,
    pub enterprise_name_suffix: Option<String>,
    #[serde(default)]
    pub enterprises: Vec<String>,
    #[serde(default)]
    pub org_feature_flags: Vec<String>,
    #[serde(default)]
    pub licenses: Vec<Value>,
    pub business_model: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationAnswer {
    pub organization: Organization,
}

/// Counts by verification state, as the summary gives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VerificationCounts {
    pub unverified: u64,
    pub approved: u64,
    pub rejected: u64,
    pub pending: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Inventory {
    pub total_count: u64,
    pub active_count: u64,
    pub archived_count: u64,
    pub frozen_count: u64,
    pub deleted_count: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ByAccountType {
    pub individual: VerificationCounts,
    pub entity: VerificationCounts,
}

/// `GET …/enterprises/summary`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseSummary {
    pub inventory: Inventory,
    pub by_verification_state: VerificationCounts,
    pub by_account_type_and_verification_state: ByAccountType,
}

/// An enterprise as a caller who may see it whole does: the list item's fields,
/// and `wallets`/`tags` on `GET /api/v2/enterprise/{id}`. The spec requires every
/// field up to `videoIdWaived`; the rest may be left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Enterprise {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// The caller's permissions here.
    #[serde(default)]
    pub permissions: Vec<Permission>,
    #[serde(default)]
    pub is_beneficial_owner: bool,
    /// Whether the calling user accepted the invitation to this enterprise.
    #[serde(default)]
    pub accepted_invite: bool,
    pub bitgo_org: String,
    pub kyc_state: KycState,
    pub legal_identifiers: LegalIdentifiers,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(flatten)]
    pub licences: Licences,
    pub upfront_payment_status: String,
    pub users_view_all_wallets: bool,
    pub video_id_waived: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_type: Option<AccountType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_model: Option<BusinessModel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freeze: Option<Freeze>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approvals_required: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallets: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_scim_client: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegalIdentifiers {
    /// Always "LEGL" in the spec.
    pub legal_person_name_identifier_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_person_name: Option<String>,
}

/// What the enterprise's licence allows: required on every whole item, unused by
/// orgdeck beyond showing them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Licences {
    #[serde(rename = "latestSAVersionSigned")]
    pub latest_sa_version_signed: u32,
    pub travel_rule: bool,
    pub product_licenses: Vec<String>,
    pub can_access_borrowing: bool,
    pub can_access_lending: bool,
    pub can_access_settlement: bool,
    pub can_access_trading: bool,
    pub can_create_cold_wallet: bool,
    pub can_create_hot_wallet: bool,
    pub can_create_custodial_wallet: bool,
    pub can_create_offchain_wallet: bool,
    pub one_time_fees: Vec<String>,
    pub eth_always_use_hop: bool,
}

/// Since when an enterprise is frozen, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Freeze {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// A list item of a caller who may not see the enterprise whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseStub {
    pub id: String,
    pub name: String,
}

/// A list item: a full enterprise or a stub (tried in that order, since a full
/// item carries required fields a stub lacks).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EnterpriseItem {
    Full(Box<Enterprise>),
    Stub(EnterpriseStub),
}

impl EnterpriseItem {
    pub fn id(&self) -> &str {
        match self {
            EnterpriseItem::Full(full) => &full.id,
            EnterpriseItem::Stub(stub) => &stub.id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseList {
    pub enterprises: Vec<EnterpriseItem>,
    /// Absent on the last batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_batch_prev_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThirdPartyIdentifier {
    pub id: String,
    pub label: String,
}

/// `POST /api/v2/organization/{organizationId}/enterprise`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateEnterprise {
    pub email: String,
    pub idempotency_key: String,
    pub additional_admins: Vec<String>,
    #[serde(rename = "isCaaS", default = "yes")]
    pub is_caas: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_type: Option<AccountType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub third_party_identifier: Vec<ThirdPartyIdentifier>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedEnterprise {
    pub enterprise_id: String,
    pub user_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserEmail {
    pub email: String,
    pub verified: bool,
}

/// A user of `GET /api/v1/enterprise/{id}/user`: no permissions, no invite state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseUser {
    pub id: String,
    pub username: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub full_name: Option<String>,
    pub is_active: bool,
    pub email: UserEmail,
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseUsers {
    pub admin_users: Vec<EnterpriseUser>,
    pub non_admin_users: Vec<EnterpriseUser>,
    pub count: u64,
    pub incomplete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserName {
    pub first: String,
    pub full: String,
    pub last: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserEnterprise {
    pub id: String,
    pub name: String,
    pub permissions: Vec<Permission>,
    pub beneficial_owner: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserOrganization {
    pub id: String,
    pub name: String,
    pub role: OrgRole,
    #[serde(default)]
    pub permissions: Vec<String>,
}

/// A user of `/api/org/users` (and of `GET /api/v2/user/me`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUser {
    pub id: String,
    pub username: String,
    pub name: UserName,
    #[serde(default)]
    pub enterprises: Vec<UserEnterprise>,
    pub email: UserEmail,
    #[serde(default)]
    pub organizations: Vec<UserOrganization>,
    #[serde(flatten)]
    pub profile: UserProfile,
}

/// The account settings `/api/org/users` requires on every user; orgdeck reads
/// none of them, so a server that leaves them out is read all the same.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserProfile {
    pub agreements: Agreements,
    pub allowed_coins: Vec<String>,
    pub bitgo_employee: bool,
    pub currency: Currency,
    #[serde(rename = "disableReset2FA")]
    pub disable_reset_2fa: bool,
    pub feature_flags: Vec<String>,
    pub force_reset_password: bool,
    pub identity: Identity,
    pub otp_devices: Vec<Value>,
    pub phone: Phone,
    pub timezone: String,
}

/// Versions of the agreements the user accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agreements {
    pub patriot_act: u32,
    pub terms_of_use: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Currency {
    pub bitcoin_unit: String,
    pub currency: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kyc: Option<Kyc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kyc {
    pub available: bool,
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall_state: Option<KycState>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    pub phone: Option<String>,
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgUserList {
    pub users: Vec<OrgUser>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_batch_prev_id: Option<String>,
}

/// `{user: …}` of `/api/org/user/{id}` and `/api/v2/user/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAnswer {
    pub user: OrgUser,
}

/// Every error: `name` the code, `error` the sentence, `context` what depends on
/// the name (`{id}` for a bad id, `{errors: [{path, message}]}` for a bad body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformError {
    pub name: Option<String>,
    #[serde(default)]
    pub context: Value,
    pub error: String,
    pub request_id: String,
}

/// One bad field of an `InvalidRequestBody`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub path: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_list_item_is_read_as_a_stub_unless_it_is_whole() {
        let stub: EnterpriseItem =
            serde_json::from_value(json!({"id": "a".repeat(32), "name": "Acme"})).unwrap();
        assert!(matches!(stub, EnterpriseItem::Stub(_)));
        let whole = json!({
            "id": "b".repeat(32), "name": "Beta", "bitgoOrg": "BitGo Trust",
            "kycState": "flagged_retry_allowed", "type": "enterprise",
            "legalIdentifiers": {"legalPersonNameIdentifierType": "LEGL"},
            "latestSAVersionSigned": 0, "travelRule": false, "productLicenses": [],
            "canAccessBorrowing": false, "canAccessLending": false, "canAccessSettlement": false,
            "canAccessTrading": false, "canCreateColdWallet": true, "canCreateHotWallet": true,
            "canCreateCustodialWallet": true, "canCreateOffchainWallet": false,
            "oneTimeFees": [], "ethAlwaysUseHop": false,
            "upfrontPaymentStatus": "waived", "usersViewAllWallets": false,
            "videoIdWaived": false, "accountType": "entity", "permissions": ["wallet.create"],
        });
        let EnterpriseItem::Full(full) = serde_json::from_value(whole).unwrap() else {
            panic!("a whole item read as a stub");
        };
        assert_eq!(full.kyc_state, KycState::FlaggedRetryAllowed);
        assert_eq!(full.permissions, [Permission::WalletCreate]);
        assert_eq!(full.account_type, Some(AccountType::Entity));
        assert!(full.licences.can_create_cold_wallet);
    }

    #[test]
    fn ids_are_32_lowercase_hex() {
        assert!(is_id(&"0a".repeat(16)));
        for bad in [
            "0A".repeat(16),
            "0a".repeat(15),
            "g".repeat(32),
            String::new(),
        ] {
            assert!(!is_id(&bad), "{bad}");
        }
    }

    #[test]
    fn a_create_body_defaults_as_the_spec_says() {
        let body: CreateEnterprise = serde_json::from_value(
            json!({"email": "a@b.example", "idempotencyKey": "k", "additionalAdmins": []}),
        )
        .unwrap();
        assert!(body.is_caas);
        assert_eq!(body.account_type, None);
        let sent = serde_json::to_value(&body).unwrap();
        assert_eq!(sent["isCaaS"], true);
        assert!(sent.get("thirdPartyIdentifier").is_none());
    }
}
