//! Flowkiwi's one level (partner organizations, read a page at a time) with its
//! Owners & members and Invitations tabs.

use super::cli::{INVITES_CLI, MEMBERS_CLI, ORGS};
use super::fields::ORG_FIELDS;
use super::*;
use crate::api::model::Verb;
use crate::api::schema::{Detail, Kept, LazyPaging, Level, NodeDialogs, PartyKind, Tab, id_line};

/// Adding an existing partner account (`POST …/members`).
pub(super) static ADD_MEMBER: FormSpec = FormSpec {
    title: "Add member",
    fields: &[EMAIL, ROLE],
};

/// Inviting an email address with no partner account yet (`POST …/invitations`).
pub(super) static INVITE: FormSpec = FormSpec {
    title: "Invite",
    fields: &[EMAIL, ROLE],
};

const RESEND_WORDS: (&str, &str) = ("resend invitations", "resending invitations");
const REVOKE_WORDS: (&str, &str) = ("revoke invitations", "revoking invitations");

static MEMBER_COLUMNS: &[Column] = &[
    column(EMAIL, "EMAIL", Width::Fill),
    column(PARTNER_NAME, "NAME", Width::Fixed(18)),
    column(ROLE, "ROLE", Width::Fixed(6)),
    column(JOINED, "JOINED", Width::Fixed(10)),
];

static INVITATION_COLUMNS: &[Column] = &[
    column(EMAIL, "EMAIL", Width::Fill),
    column(ROLE, "ROLE", Width::Fixed(6)),
    column(STATUS, "STATUS", Width::Fixed(8)),
    column(INVITED_BY, "INVITED BY", Width::Fixed(12)),
    Column {
        source: Source::Ago(LAST_SENT),
        title: "SENT",
        width: Width::Fixed(8),
    },
    column(SENDS, "SENDS", Width::Fixed(5)),
    Column {
        source: Source::Ago(EXPIRES),
        title: "EXPIRES",
        width: Width::Fixed(8),
    },
];

static TABS: &[Tab] = &[
    Tab {
        id: MEMBERS_TAB,
        label: "Owners & members",
        command: "members",
        party_kind: PartyKind::User,
        states: &[MemberStateName::Active],
        invite: Some(ADD_MEMBER),
        offers: &[
            Verb::Invite,
            Verb::UpdateMember,
            Verb::RemoveMember,
            Verb::Read,
        ],
        resend_words: RESEND_WORDS,
        revoke_words: REVOKE_WORDS,
        empty_text: "nobody here",
        cli: Some(MEMBERS_CLI),
        remove: Some(DialogText {
            title: "Remove {party} from {node}?",
            body: &["They lose access to {node} and its instances; their partner account stays."],
            button: "Remove",
            done: "Removed {party} from {node}",
        }),
        kept: None,
        last: Some(Kept {
            role: "owner",
            why: "{party} is the last owner of {node}: an organization must keep at least one owner (make someone else an owner first)",
        }),
        counted: &[],
        columns: Some(MEMBER_COLUMNS),
    },
    Tab {
        id: INVITATIONS_TAB,
        label: "Invitations",
        command: "invitations",
        party_kind: PartyKind::User,
        // Every invitation, newest first: accepted, revoked and expired ones stay
        // on record.
        states: &[
            MemberStateName::Invited,
            MemberStateName::Active,
            MemberStateName::Closed,
        ],
        invite: Some(INVITE),
        offers: &[Verb::Invite, Verb::Resend, Verb::Revoke, Verb::Read],
        resend_words: RESEND_WORDS,
        revoke_words: REVOKE_WORDS,
        empty_text: "no invitations",
        cli: Some(INVITES_CLI),
        remove: None,
        kept: None,
        last: None,
        counted: &[MemberStateName::Invited],
        columns: Some(INVITATION_COLUMNS),
    },
];

pub(super) static LEVELS: &[Level] = &[Level {
    id: ORGANIZATION,
    nouns: ("organization", "organizations"),
    article: "an",
    title: "partner organizations",
    cli: "orgs",
    cli_spec: Some(ORGS),
    command: "orgs",
    parent: None,
    fields: ORG_FIELDS,
    name_field: ORG_NAME,
    columns: &[
        column(ORG_NAME, "NAME", Width::Fill),
        column(OWNER_COUNT, "OWNERS", Width::Fixed(6)),
        column(MEMBER_COUNT, "MEMBERS", Width::Fixed(7)),
        Column {
            source: Source::TabCount(INVITATIONS_TAB),
            title: "PENDING",
            width: Width::Fixed(7),
        },
        column(CREATED, "CREATED", Width::Fixed(10)),
    ],
    detail: &[
        id_line(),
        line("name", ORG_NAME),
        line("owners", OWNER_COUNT),
        line("owner names", OWNER_NAMES),
        line("members", MEMBER_COUNT),
        Detail {
            label: "pending invitations",
            source: Source::TabCount(INVITATIONS_TAB),
        },
        line("created", CREATED),
        line("updated", UPDATED),
    ],
    cli_columns: &[
        Column {
            source: Source::Id,
            title: "ID",
            width: Width::Fixed(36),
        },
        column(ORG_NAME, "NAME", Width::Fill),
        column(OWNER_COUNT, "OWNERS", Width::Fixed(6)),
        column(MEMBER_COUNT, "MEMBERS", Width::Fixed(7)),
        column(CREATED, "CREATED", Width::Fixed(25)),
    ],
    cli_detail: &[
        id_line(),
        line("name", ORG_NAME),
        line("owners", OWNER_COUNT),
        line("owner-names", OWNER_NAMES),
        line("members", MEMBER_COUNT),
        line("created", CREATED),
        line("updated", UPDATED),
    ],
    create: Some(FormSpec {
        title: "New organization",
        fields: &[ORG_NAME],
    }),
    // Only `name` is writable: a merge-patch of it.
    edit: Some(FormSpec {
        title: "Rename",
        fields: &[ORG_NAME],
    }),
    toggle: None,
    find: None,
    tabs: TABS,
    search: &[OWNER_NAMES],
    delete_effect: "its owners and members lose access to it; their partner accounts stay.",
    dialogs: Some(NodeDialogs {
        // No toggle: never asked.
        on: DialogText {
            title: "Suspend {name}?",
            body: &[],
            button: "Suspend",
            done: "Suspended {name}",
        },
        off: DialogText {
            title: "Reactivate {name}?",
            body: &[],
            button: "Reactivate",
            done: "Reactivated {name}",
        },
        delete: DialogText {
            title: "Delete {name}?",
            body: &[
                "Its owners and members lose access to it; their partner accounts stay. This cannot be undone.",
                "Flowkiwi refuses while the organization still has instances.",
                "Type the organization's name to confirm: {name}",
            ],
            button: "Delete",
            done: "Deleted {name}",
        },
    }),
    lazy: Some(LazyPaging {
        page_size: PAGE_MAX,
        search: Some(NAME_SEARCH),
        total: None,
    }),
    collected: None,
}];
