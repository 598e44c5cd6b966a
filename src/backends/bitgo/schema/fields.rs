//! BitGo's record layouts: an organization's fields, an enterprise's (with what
//! the create form asks for) and a user's, each with its wire name.

use super::super::rules;
use super::*;
use crate::api::schema::{Choice, CliArg, FieldSpec, InputKind, PartyKind, PickFrom};

/// `--long VALUE`; `choices`: the parser holds it to a select's values.
const fn arg(long: &'static str, value_name: &'static str, choices: bool) -> Option<CliArg> {
    Some(CliArg {
        long,
        value_name: Some(value_name),
        update_help: "",
        choices,
        repeat: false,
    })
}

pub(super) static ORG_FIELDS: &[FieldSpec] = &[
    shown(ORG_NAME, "name", "name"),
    shown(ORG_ROLE, "role", "your role"),
    shown(ENTERPRISE_COUNT, "enterpriseCount", "enterprises"),
    shown(BUSINESS_MODEL, "businessModel", "business model"),
];

static ACCOUNT_TYPES: &[Choice] = &[
    Choice::new("individual", "individual (KYC)"),
    Choice::new("entity", "entity (KYB)"),
];

pub(super) static ENTERPRISE_FIELDS: &[FieldSpec] = &[
    shown(ENTERPRISE_NAME, "name", "name"),
    FieldSpec {
        help: "The child enterprise's account type: KYC for a person, KYB for a business",
        cli: arg("account-type", "TYPE", true),
        ..field(
            ACCOUNT_TYPE,
            "accountType",
            "Account type",
            InputKind::Select(ACCOUNT_TYPES),
        )
    },
    shown(KYC_STATE, "kycState", "KYC state"),
    shown(
        APPROVALS_REQUIRED,
        "approvalsRequired",
        "approvals required",
    ),
    shown(ENTERPRISE_CREATED, "createdAt", "created"),
    FieldSpec {
        required: true,
        check: Some(rules::email),
        help: "The end customer's email: a BitGo user is made for it when it is new",
        cli: arg("email", "EMAIL", false),
        ..field(CREATE_EMAIL, "email", "Email", InputKind::Text { max: 254 })
    },
    FieldSpec {
        help: "An organization user to make an admin of it, by user id (repeat for several)",
        cli: arg("admin", "USER_ID", false),
        ..field(
            ADDITIONAL_ADMINS,
            "additionalAdmins",
            "Additional admins",
            // Picked by name from the organization's users; their ids are sent.
            InputKind::PartiesPicker {
                from: PickFrom::Tab(ORG_USERS_TAB),
                sends: Some(USER_ID),
                max_entries: 20,
                check: rules::id,
                noun: "admins",
            },
        )
    },
    FieldSpec {
        help: "An identifier in another system, written id:label (repeat for several)",
        cli: arg("third-party", "ID:LABEL", false),
        ..field(
            THIRD_PARTY,
            "thirdPartyIdentifier",
            "Third-party ids",
            InputKind::MultiValue {
                max_entries: 10,
                check: rules::third_party,
                noun: "identifiers",
            },
        )
    },
];

const CLI_PERMISSION: CliArg = CliArg {
    long: "permission",
    value_name: Some("PERMISSION"),
    update_help: "",
    choices: true,
    repeat: true,
};

static PERMISSIONS: &[Choice] = &[
    Choice::new("admin", "admin"),
    Choice::new("auditor", "auditor"),
    Choice::new("wallet.create", "wallet.create"),
];

pub(super) static USER_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        required: true,
        check: Some(rules::email),
        help: "The user's email",
        cli: arg("email", "EMAIL", false),
        ..field(USERNAME, "username", "Email", InputKind::Text { max: 254 })
    },
    shown(FULL_NAME, "fullName", "name"),
    FieldSpec {
        help: "What the user may do on the enterprise (repeat for several)",
        cli: Some(CLI_PERMISSION),
        ..field(
            PERMISSION,
            "permission",
            "Permission",
            InputKind::Select(PERMISSIONS),
        )
    },
    shown(IS_ADMIN, "isAdmin", "admin"),
    shown(USER_ACTIVE, "isActive", "active"),
    FieldSpec {
        help: "Send an invitation the user accepts before the permission applies",
        cli: arg("invite", "", false),
        ..field(INVITE, "invite", "Invite", InputKind::Bool("no", "yes"))
    },
    shown(USER_ID, "id", "id"),
];

/// Users are BitGo accounts (login users), never billing customers.
pub(super) const USER_KIND: PartyKind = PartyKind::User;
