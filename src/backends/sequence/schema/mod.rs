//! Sequence's screens as data (`api::schema`): customer organizations collected
//! from the customers that belong to them, each with its owner and members, the
//! tenant-wide customers read page by page, and the create and add-members forms
//! that pick customers by name (`shared/api/sequence.md`). Sequence has no
//! roles: an API client may do everything the API offers.

use crate::api::model::Verb;
use crate::api::schema::{
    Column, FieldId, FormSpec, Grant, LevelId, MemberStateName, OptionKind, OptionSpec, RoleSpec,
    Schema, Source, TabId, ViewId, Width, column, field, id_line, line, shown,
};

mod cli;
mod fields;
mod screens;

use fields::CUSTOMER_FIELDS;
pub use fields::MEMBERS_MAX;
use screens::{LEVELS, VIEWS};

pub const ORGANIZATION: LevelId = LevelId("organization");
pub const MEMBERS_TAB: TabId = TabId("members");
pub const CUSTOMERS: ViewId = ViewId("customers");

/// The most customers one page asks for: the contract's most.
pub const PAGE_MAX: u32 = 100;

/// What `/` on the customers asks the server: a legal name, or an email when the
/// text holds an `@`. A filter, not a field of any record.
pub const SEARCH: FieldId = FieldId("search");
/// The CLI's `--name` and `--email`: the server's `legalName` and `email` filters.
pub const NAME_FILTER: FieldId = FieldId("legal-name-filter");
pub const EMAIL_FILTER: FieldId = FieldId("email-filter");

// An organization's record, and what its create form asks for.
pub const OWNER_NAME: FieldId = FieldId("owner-name");
pub const OWNER_ID: FieldId = FieldId("owner-id");
pub const MEMBER_COUNT: FieldId = FieldId("member-count");
/// The members' legal names, joined: what `/` and the detail view read.
pub const MEMBER_NAMES: FieldId = FieldId("member-names");
pub const OWNER: FieldId = FieldId("owner");
pub const MEMBERS: FieldId = FieldId("members");

// A customer's record.
pub const LEGAL_NAME: FieldId = FieldId("legal-name");
pub const CUSTOMER_ID: FieldId = FieldId("customer-id");
/// `DRAFT` or `ACTIVE`; list items do not carry it.
pub const STATUS: FieldId = FieldId("status");
pub const DOMAIN: FieldId = FieldId("domain");
/// The primary contact's email.
pub const EMAIL: FieldId = FieldId("email");
/// In an organization's tab: "owner" or "member".
pub const ROLE: FieldId = FieldId("role");
pub const LABEL: FieldId = FieldId("label");
pub const COUNTRY: FieldId = FieldId("country");
pub const TAX_STATUS: FieldId = FieldId("tax-status");
pub const CREATED: FieldId = FieldId("created");
pub const ARCHIVED: FieldId = FieldId("archived");
/// The organizations a customer owns or belongs to, as text.
pub const CUSTOMER_ORGS: FieldId = FieldId("customer-organizations");
/// The add-members form: customers to add.
pub const ADD_CUSTOMERS: FieldId = FieldId("add-customers");

/// The profile key pinning the API version sent with every request.
pub const VERSION_OPTION: &str = "sequence_version";

/// The one role: an API client, which may use everything the API offers.
static ROLE_SPECS: &[RoleSpec] = &[RoleSpec {
    name: "api-client",
    may: Grant::All,
}];

/// A version is a date, as the header takes it.
fn version(raw: &str) -> Result<String, String> {
    let v = raw.trim();
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    let shaped = v.len() == 10 && digits == 8 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-';
    if shaped {
        Ok(v.to_owned())
    } else {
        Err(format!(
            "must be a date written YYYY-MM-DD (customer organizations need {})",
            crate::backends::sequence::wire::API_VERSION
        ))
    }
}

/// The customers view's columns (`View::columns`): what a list item holds.
static CUSTOMER_COLUMNS: &[Column] = &[
    column(LEGAL_NAME, "LEGAL NAME", Width::Fill),
    column(DOMAIN, "DOMAIN", Width::Fixed(18)),
    column(CREATED, "CREATED", Width::Fixed(10)),
    ORGS_COLUMN,
    column(CUSTOMER_ID, "ID", Width::Fixed(36)),
];

/// `customers list`'s columns, the id first as the CLI's tables have it.
static CUSTOMER_CLI_COLUMNS: &[Column] = &[
    column(CUSTOMER_ID, "ID", Width::Fixed(36)),
    column(LEGAL_NAME, "LEGAL NAME", Width::Fill),
    column(DOMAIN, "DOMAIN", Width::Fixed(24)),
    column(CREATED, "CREATED", Width::Fixed(10)),
    ORGS_COLUMN,
];

/// How many organizations a customer owns or belongs to.
const ORGS_COLUMN: Column = Column {
    source: Source::Memberships,
    title: "ORGS",
    width: Width::Fixed(4),
};

pub static SCHEMA: Schema = Schema {
    title: "Sequence",
    levels: LEVELS,
    party_fields: CUSTOMER_FIELDS,
    party_columns: &[
        column(LEGAL_NAME, "LEGAL NAME", Width::Fill),
        column(ROLE, "ROLE", Width::Fixed(6)),
        column(STATUS, "STATUS", Width::Fixed(8)),
        column(DOMAIN, "DOMAIN", Width::Fixed(18)),
        column(CUSTOMER_ID, "ID", Width::Fixed(36)),
    ],
    party_detail: &[
        line("legal name", LEGAL_NAME),
        line("id", CUSTOMER_ID),
        line("status", STATUS),
        line("domain", DOMAIN),
        line("email", EMAIL),
        line("label", LABEL),
        line("country", COUNTRY),
        line("tax status", TAX_STATUS),
        line("created", CREATED),
        line("archived", ARCHIVED),
        line("organizations", CUSTOMER_ORGS),
    ],
    party_cli_columns: &[
        column(CUSTOMER_ID, "ID", Width::Fixed(36)),
        column(LEGAL_NAME, "LEGAL NAME", Width::Fill),
        column(ROLE, "ROLE", Width::Fixed(6)),
        column(STATUS, "STATUS", Width::Fixed(8)),
        column(DOMAIN, "DOMAIN", Width::Fixed(24)),
    ],
    party_cli_detail: &[
        line("id", CUSTOMER_ID),
        line("legal name", LEGAL_NAME),
        line("status", STATUS),
        line("domain", DOMAIN),
        line("email", EMAIL),
        line("created", CREATED),
        line("archived", ARCHIVED),
        line("organizations", CUSTOMER_ORGS),
    ],
    party_edit: None,
    party_nouns: ("customer", "customers"),
    party_article: "a",
    party_label: LEGAL_NAME,
    party_role: Some(ROLE),
    party_name: &[LEGAL_NAME],
    party_search: &[LEGAL_NAME, DOMAIN, EMAIL, CUSTOMER_ID],
    party_toggle: None,
    party_dialogs: None,
    views: VIEWS,
    approvals: None,
    roles: ROLE_SPECS,
    options: &[OptionSpec {
        key: VERSION_OPTION,
        default: Some(crate::backends::sequence::wire::API_VERSION),
        help: "the Sequence-Version header sent with every request",
        kind: OptionKind::Text(Some(version)),
    }],
    idempotent_creates: false,
    notes: &[
        (
            "organizations",
            "Sequence cannot list or read organizations: they are found by reading every customer",
        ),
        (
            "invitations",
            "Sequence has no invitations: members are billing customers, added directly",
        ),
        (
            "suspension",
            "Sequence cannot suspend or reactivate customers or organizations",
        ),
        (
            "deletion",
            "Sequence cannot delete or rename an organization; customers are archived in its dashboard",
        ),
    ],
    json_names: &[],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{Capability, Target};
    use crate::api::schema::{self, InputKind, PickFrom};

    fn cap(verb: Verb, target: Target) -> Capability {
        Capability::new(verb, target)
    }

    #[test]
    fn the_schema_is_whole() {
        assert_eq!(schema::faults(&SCHEMA), Vec::<String>::new());
    }

    #[test]
    fn organizations_are_collected_from_customers_and_created_from_picked_ones() {
        let org = SCHEMA.level(ORGANIZATION).expect("organizations");
        let collected = org.collected.expect("found through the customers");
        assert_eq!(collected.from, "customers");
        assert!(collected.remember_created);
        let owner = org.field(OWNER).expect("owner").input;
        let InputKind::PartiesPicker {
            from, max_entries, ..
        } = owner
        else {
            panic!("the owner is picked by name");
        };
        assert_eq!((from, max_entries), (PickFrom::View(CUSTOMERS), 1));
        let customers = SCHEMA.view(CUSTOMERS).expect("customers");
        assert_eq!(customers.lazy.and_then(|l| l.search), Some(SEARCH));
    }

    #[test]
    fn what_the_api_lacks_is_not_declared() {
        let org = |verb| cap(verb, Target::Level(ORGANIZATION));
        for verb in [Verb::Update, Verb::Toggle, Verb::Delete, Verb::Find] {
            assert!(!SCHEMA.declares(org(verb)), "{verb:?} organizations");
        }
        assert!(SCHEMA.declares(org(Verb::Create)));
        let tab = |verb| cap(verb, Target::Tab(ORGANIZATION, MEMBERS_TAB));
        assert!(SCHEMA.declares(tab(Verb::Invite)) && SCHEMA.declares(tab(Verb::SetMembers)));
        for verb in [Verb::Resend, Verb::Revoke, Verb::UpdateMember] {
            assert!(!SCHEMA.declares(tab(verb)), "{verb:?} members");
        }
        assert!(SCHEMA.approvals.is_none() && SCHEMA.party_toggle.is_none());
    }

    #[test]
    fn the_version_option_takes_a_date_and_defaults_to_the_one_with_organizations() {
        let spec = &SCHEMA.options[0];
        assert_eq!(spec.default, Some("2024-07-30"));
        assert_eq!(spec.check(" 2024-07-30 ").as_deref(), Ok("2024-07-30"));
        assert!(spec.check("latest").unwrap_err().contains("YYYY-MM-DD"));
    }
}
