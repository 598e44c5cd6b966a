//! BitGo's two levels (organizations, and the child enterprises under each), the
//! enterprise's Users tab, and the tenant-wide view of the organization's users.

use super::cli::{ENTERPRISES, MEMBERS, ORGS};
use super::fields::{ENTERPRISE_FIELDS, ORG_FIELDS, USER_KIND};
use super::*;
use crate::api::schema::{DialogText, LazyPaging, Level, Mark, Tab};
use crate::backends::bitgo::call::PAGE_MAX;

/// Scripts read the CLI's tables for ids: every CLI table starts with one.
const fn id_column() -> Column {
    Column {
        source: Source::Id,
        title: "ID",
        width: Width::Fixed(32),
    }
}

pub(super) static ADD_USER: FormSpec = FormSpec {
    title: "Add user",
    fields: &[USERNAME, PERMISSION, INVITE],
};

static ORG_TABS: &[Tab] = &[Tab {
    id: ORG_USERS_TAB,
    label: "Users",
    command: "orgusers",
    party_kind: USER_KIND,
    states: &[
        MemberStateName::Active,
        MemberStateName::Invited,
        MemberStateName::AwaitingApproval,
    ],
    invite: None,
    offers: &[Verb::Read],
    resend_words: ("resend invites", "resending invites"),
    revoke_words: ("reject invites", "rejecting invites"),
    empty_text: "no users in this organization",
    cli: None,
    remove: None,
    kept: None,
    last: None,
    counted: &[],
    columns: None,
}];

static ENTERPRISE_TABS: &[Tab] = &[Tab {
    id: USERS_TAB,
    label: "Users",
    command: "members",
    party_kind: USER_KIND,
    states: &[
        MemberStateName::Active,
        MemberStateName::Invited,
        MemberStateName::AwaitingApproval,
        MemberStateName::Suspended,
    ],
    invite: Some(ADD_USER),
    offers: &[Verb::Invite, Verb::RemoveMember, Verb::Read],
    // BitGo has no resend and revokes by rejecting the approval.
    resend_words: ("resend invites", "resending invites"),
    revoke_words: ("reject invites", "rejecting invites"),
    empty_text: "no users on this enterprise",
    cli: Some(MEMBERS),
    // Removing a user takes their permissions on the enterprise (and, where it
    // needs approvals, waits for another admin).
    remove: Some(DialogText {
        title: "Remove {party} from {node}?",
        body: &["They lose access to its wallets."],
        button: "Remove",
        done: "Removed {party} from {node}",
    }),
    kept: None,
    last: None,
    counted: &[],
    columns: None,
}];

pub(super) static LEVELS: &[Level] = &[
    Level {
        id: ORGANIZATION,
        nouns: ("organization", "organizations"),
        article: "an",
        title: "organizations",
        cli: "orgs",
        cli_spec: Some(ORGS),
        command: "orgs",
        parent: None,
        fields: ORG_FIELDS,
        name_field: ORG_NAME,
        columns: &[
            column(ORG_NAME, "NAME", Width::Fill),
            column(ORG_ROLE, "ROLE", Width::Fixed(12)),
            column(ENTERPRISE_COUNT, "ENTERPRISES", Width::Fixed(11)),
            column(BUSINESS_MODEL, "MODEL", Width::Fixed(18)),
        ],
        detail: &[
            line("name", ORG_NAME),
            line("your role", ORG_ROLE),
            line("enterprises", ENTERPRISE_COUNT),
            line("business model", BUSINESS_MODEL),
        ],
        cli_columns: &[
            id_column(),
            column(ORG_NAME, "NAME", Width::Fill),
            column(ORG_ROLE, "ROLE", Width::Fixed(12)),
            column(ENTERPRISE_COUNT, "ENTERPRISES", Width::Fixed(11)),
            column(BUSINESS_MODEL, "MODEL", Width::Fixed(18)),
        ],
        cli_detail: &[
            id_line(),
            line("name", ORG_NAME),
            line("your role", ORG_ROLE),
            line("enterprises", ENTERPRISE_COUNT),
            line("model", BUSINESS_MODEL),
        ],
        // Organizations cannot be created, renamed or deleted through this API.
        create: None,
        edit: None,
        toggle: None,
        find: None,
        tabs: ORG_TABS,
        delete_effect: "",
        dialogs: None,
        lazy: None,
        collected: None,
        search: &[ORG_ROLE, BUSINESS_MODEL],
    },
    Level {
        id: ENTERPRISE,
        nouns: ("enterprise", "enterprises"),
        article: "an",
        title: "enterprises",
        cli: "enterprises",
        cli_spec: Some(ENTERPRISES),
        command: "enterprises",
        parent: Some(ORGANIZATION),
        fields: ENTERPRISE_FIELDS,
        name_field: ENTERPRISE_NAME,
        columns: &[
            column(ENTERPRISE_NAME, "NAME", Width::Fill),
            column(ACCOUNT_TYPE, "TYPE", Width::Fixed(10)),
            // `flagged_retry…` still tells the longest state from `flagged`, and
            // the narrow users count and approvals marker leave the name room
            // beside its parent (21 at 80 wide: "Keiko Tanaka Holdings").
            column(KYC_STATE, "KYC", Width::Fixed(14)),
            // The list items carry no user count: the console reads each row's
            // Users tab as it shows.
            Column {
                source: Source::TabCount(USERS_TAB),
                title: "USERS",
                width: Width::Fixed(5),
            },
            // Most enterprises need one approval (their own admin's): only those
            // whose changes wait for other admins are marked.
            Column {
                source: Source::Mark(Mark {
                    field: APPROVALS_REQUIRED,
                    above: 1,
                    sign: "●",
                }),
                title: "APR",
                width: Width::Fixed(3),
            },
            column(ENTERPRISE_CREATED, "CREATED", Width::Fixed(10)),
        ],
        detail: &[
            line("name", ENTERPRISE_NAME),
            line("account type", ACCOUNT_TYPE),
            line("KYC state", KYC_STATE),
            Detail {
                label: "users",
                source: Source::TabCount(USERS_TAB),
            },
            line("approvals needed", APPROVALS_REQUIRED),
            line("created", ENTERPRISE_CREATED),
        ],
        cli_columns: &[
            id_column(),
            column(ENTERPRISE_NAME, "NAME", Width::Fill),
            column(ACCOUNT_TYPE, "TYPE", Width::Fixed(10)),
            column(KYC_STATE, "KYC", Width::Fixed(10)),
            column(APPROVALS_REQUIRED, "APPROVALS", Width::Fixed(9)),
            column(ENTERPRISE_CREATED, "CREATED", Width::Fixed(20)),
        ],
        cli_detail: &[
            id_line(),
            line("name", ENTERPRISE_NAME),
            line("account type", ACCOUNT_TYPE),
            line("KYC state", KYC_STATE),
            line("approvals", APPROVALS_REQUIRED),
            line("created", ENTERPRISE_CREATED),
        ],
        create: Some(FormSpec {
            title: "New child enterprise",
            fields: &[CREATE_EMAIL, ADDITIONAL_ADMINS, ACCOUNT_TYPE, THIRD_PARTY],
        }),
        // Enterprises are neither edited, frozen nor deleted through this API.
        edit: None,
        toggle: None,
        find: None,
        tabs: ENTERPRISE_TABS,
        delete_effect: "",
        dialogs: None,
        search: &[ACCOUNT_TYPE, KYC_STATE],
        // An organization may hold 100,000 enterprises: its list is read a page
        // at a time, 500 (the contract's most) per page, so a walk to the end
        // takes 200 requests rather than 4,000 at the default 25.
        lazy: Some(LazyPaging {
            page_size: PAGE_MAX,
            search: Some(SEARCH),
            total: Some(ENTERPRISE_COUNT),
        }),
        collected: None,
    },
];
