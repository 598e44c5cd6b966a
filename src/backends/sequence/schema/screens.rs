//! Sequence's one level (customer organizations, collected from the customers
//! that belong to them), its Owner & members tab, and the tenant-wide customers.

use super::cli::{CUSTOMERS_CLI, ORGS};
use super::fields::ORG_FIELDS;
use super::*;
use crate::api::schema::{
    Collected, DialogText, Kept, LazyPaging, Level, PartyFilter, PartyKind, Tab, View,
};

/// Sequence's ids are UUIDs.
const ID_WIDTH: u16 = 36;

pub(super) static ADD_MEMBERS: FormSpec = FormSpec {
    title: "Add members",
    fields: &[ADD_CUSTOMERS],
};

static TABS: &[Tab] = &[Tab {
    id: MEMBERS_TAB,
    label: "Owner & members",
    command: "members",
    party_kind: PartyKind::Customer,
    states: &[MemberStateName::Active],
    invite: Some(ADD_MEMBERS),
    // Removing is a PUT of the reduced list: the console re-reads the owner's
    // record first and says who stays and who goes.
    offers: &[Verb::Invite, Verb::SetMembers, Verb::Read],
    resend_words: ("resend invitations", "resending invitations"),
    revoke_words: ("revoke invitations", "revoking invitations"),
    empty_text: "no members: only the owner",
    // Its commands are the organization's own (`orgs add-members|set-members`).
    cli: None,
    remove: Some(DialogText {
        title: "Remove {party} from {node}?",
        body: &[
            "Sequence has no single-member removal: the member list is replaced by the one below.",
        ],
        button: "Replace members",
        done: "Removed {party} from {node}",
    }),
    // The owner is listed first but is not a member: a replace never names it.
    kept: Some(Kept {
        role: "owner",
        why: "{party} is the owner: Sequence cannot change an organization's owner, only its members",
    }),
    last: None,
    counted: &[],
    columns: None,
}];

pub(super) static LEVELS: &[Level] = &[Level {
    id: ORGANIZATION,
    nouns: ("organization", "organizations"),
    article: "an",
    title: "customer organizations",
    cli: "orgs",
    cli_spec: Some(ORGS),
    command: "orgs",
    parent: None,
    fields: ORG_FIELDS,
    // Organizations have no name of their own: they are known by their owner.
    name_field: OWNER_NAME,
    columns: &[
        column(OWNER_NAME, "OWNER", Width::Fill),
        column(MEMBER_COUNT, "MEMBERS", Width::Fixed(7)),
        Column {
            source: Source::Id,
            title: "ID",
            width: Width::Fixed(ID_WIDTH),
        },
    ],
    detail: &[
        line("owner", OWNER_NAME),
        line("owner id", OWNER_ID),
        line("members", MEMBER_COUNT),
        line("member names", MEMBER_NAMES),
        id_line(),
    ],
    cli_columns: &[
        Column {
            source: Source::Id,
            title: "ID",
            width: Width::Fixed(ID_WIDTH),
        },
        column(OWNER_NAME, "OWNER", Width::Fill),
        column(OWNER_ID, "OWNER ID", Width::Fixed(ID_WIDTH)),
        column(MEMBER_COUNT, "MEMBERS", Width::Fixed(7)),
    ],
    cli_detail: &[
        id_line(),
        line("owner", OWNER_NAME),
        line("owner id", OWNER_ID),
        line("members", MEMBER_COUNT),
        line("member names", MEMBER_NAMES),
    ],
    create: Some(FormSpec {
        title: "New customer organization",
        fields: &[OWNER, MEMBERS],
    }),
    // No rename, owner change, suspension or delete in the API.
    edit: None,
    toggle: None,
    find: None,
    tabs: TABS,
    search: &[OWNER_ID, MEMBER_NAMES],
    delete_effect: "",
    dialogs: None,
    lazy: None,
    collected: Some(Collected {
        from: "customers",
        remember_created: true,
    }),
}];

pub(super) static VIEWS: &[View] = &[View {
    id: CUSTOMERS,
    label: "customers",
    crumb: "Customers",
    command: "customers",
    cli: Some(CUSTOMERS_CLI),
    filter: PartyFilter {
        roles: &[],
        states: &[],
    },
    // Customers are made in Sequence's dashboard, not here.
    invite: None,
    lazy: Some(LazyPaging {
        page_size: PAGE_MAX,
        search: Some(SEARCH),
        total: None,
    }),
    // A list item carries no status, and a role means something only inside an
    // organization's tab: the customers are told by when they came and how
    // many organizations hold them.
    columns: Some(CUSTOMER_COLUMNS),
}];
