//! MuninX's level (customer organizations) with its columns, detail lines, forms,
//! toggle, lookup and member tabs, and its tenant-wide views.

use super::fields::ORG_FIELDS;
use super::*;
use crate::api::schema::{
    CliFilter, Counted, DialogText, Find, Level, LevelCli, NodeDialogs, PartyFilter, PartyKind,
    Tab, TabCli, Toggle, View, ViewCli,
};

/// `--org <ID>`: the parties of one organization.
const ORG_FILTER: CliFilter = CliFilter {
    field: ORGANIZATION_FIELD,
    id: "org",
    long: "org",
    value_name: Some("ID"),
    values: &[],
    repeat: false,
    help: "",
};

pub(super) static INVITE: FormSpec = FormSpec {
    title: "Invite user",
    fields: &[EMAIL, NAME, LAST_NAME, TYPE, AGENT_TYPE, ORGANIZATION_FIELD],
};

const RESEND_WORDS: (&str, &str) = ("resend activation emails", "resending activation emails");
const REVOKE_WORDS: (&str, &str) = ("revoke invites", "revoking invites");

/// Pending invites: who, and how long ago they were invited (a pending user's
/// creation is its invitation).
static INVITE_COLUMNS: &[Column] = &[
    WHO[0],
    WHO[1],
    WHO[2],
    WHO[3],
    Column {
        source: Source::Ago(USER_CREATED),
        title: "INVITED",
        width: Width::Fixed(8),
    },
    Column {
        source: Source::Field(ORGANIZATION_FIELD),
        title: "ORGANIZATION",
        width: Width::Fixed(22),
    },
];

static TABS: &[Tab] = &[
    Tab {
        id: MEMBERS,
        label: "Members",
        command: "members",
        party_kind: PartyKind::User,
        states: ACTIVE,
        invite: Some(INVITE),
        offers: &[Verb::Invite, Verb::UpdateMember, Verb::Read],
        resend_words: RESEND_WORDS,
        revoke_words: REVOKE_WORDS,
        empty_text: "nobody here",
        cli: None,
        remove: None,
        kept: None,
        last: None,
        counted: &[],
        columns: None,
    },
    Tab {
        id: INVITES,
        label: "Pending invites",
        command: "invites",
        party_kind: PartyKind::User,
        states: INVITED,
        invite: Some(INVITE),
        offers: &[
            Verb::Invite,
            Verb::UpdateMember,
            Verb::Resend,
            Verb::Revoke,
            Verb::Read,
        ],
        resend_words: RESEND_WORDS,
        revoke_words: REVOKE_WORDS,
        empty_text: "nobody here",
        cli: Some(TabCli {
            command: "invites",
            about: "Pending invites",
            list: "List pending invites",
            filters: &[ORG_FILTER],
            resend: "Send the activation email again",
            revoke: "Revoke a pending invite (deletes the pending user)",
            party_arg: "email",
            invite_command: "invite",
            invite_about: "Invite a user (they stay pending until they confirm the activation email)",
            invited: "invited {party}: {state} until they confirm the activation email",
            resent: "activation email sent again to {party}",
            revoke_question: "Revoke the invite of {name} <{party}>? Their activation link stops working.",
            revoked: "revoked the invite of {party}",
            not_revocable: "{party} is {state}, not pending: revoking applies to pending invites only",
            node_flag: None,
            by_position: false,
            columns: None,
            members: None,
        }),
        remove: None,
        kept: None,
        last: None,
        counted: &[],
        columns: Some(INVITE_COLUMNS),
    },
];

pub(super) static LEVELS: &[Level] = &[Level {
    id: ORGANIZATION,
    nouns: ("organization", "organizations"),
    article: "an",
    title: "customer organizations",
    cli: "orgs",
    cli_spec: Some(LevelCli {
        about: "Customer organizations",
        list: "List customer organizations",
        filters: &[CliFilter {
            field: STATUS,
            id: "status",
            long: "status",
            value_name: None,
            values: &["active", "suspended"],
            repeat: false,
            help: "",
        }],
        show: "Show one organization with every field",
        create: "Create an organization",
        update: "Change an organization's fields",
        update_verb: "",
        delete: "Delete an organization; its members keep their accounts but lose their organization",
        toggle: (
            "Suspend an organization",
            "Reactivate a suspended organization",
        ),
        toggled: ("suspended", "reactivated"),
        parent_flag: "",
        all_pages: false,
        key_filter: None,
        approvals_flag: None,
        tab: None,
    }),
    command: "orgs",
    parent: None,
    fields: ORG_FIELDS,
    name_field: DISPLAY_NAME,
    columns: &[
        Column {
            source: Source::Field(DISPLAY_NAME),
            title: "NAME",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(STATUS),
            title: "STATUS",
            width: Width::Fixed(10),
        },
        Column {
            source: Source::Count(Counted::Members),
            title: "MEMBERS",
            width: Width::Fixed(7),
        },
        Column {
            source: Source::Count(Counted::Invites),
            title: "PENDING",
            width: Width::Fixed(7),
        },
        Column {
            source: Source::Field(DOMAINS),
            title: "DOMAINS",
            width: Width::Fixed(30),
        },
    ],
    detail: &[
        Detail {
            label: "id",
            source: Source::Id,
        },
        Detail {
            label: "name",
            source: Source::Field(DISPLAY_NAME),
        },
        Detail {
            label: "status",
            source: Source::Field(STATUS),
        },
        Detail {
            label: "domains",
            source: Source::Field(DOMAINS),
        },
        Detail {
            label: "external-ref",
            source: Source::Field(EXTERNAL_REF),
        },
        Detail {
            label: "notes",
            source: Source::Field(NOTES),
        },
        Detail {
            label: "members",
            source: Source::Count(Counted::Members),
        },
        Detail {
            label: "pending invites",
            source: Source::Count(Counted::Invites),
        },
        Detail {
            label: "created",
            source: Source::Field(CREATED),
        },
        Detail {
            label: "updated",
            source: Source::Field(UPDATED),
        },
    ],
    cli_columns: &[
        Column {
            source: Source::Id,
            title: "ID",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(DISPLAY_NAME),
            title: "NAME",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(STATUS),
            title: "STATUS",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(DOMAINS),
            title: "DOMAINS",
            width: Width::Fill,
        },
    ],
    cli_detail: &[
        Detail {
            label: "id",
            source: Source::Id,
        },
        Detail {
            label: "name",
            source: Source::Field(DISPLAY_NAME),
        },
        Detail {
            label: "status",
            source: Source::Field(STATUS),
        },
        Detail {
            label: "domains",
            source: Source::Field(DOMAINS),
        },
        Detail {
            label: "external-ref",
            source: Source::Field(EXTERNAL_REF),
        },
        Detail {
            label: "notes",
            source: Source::Field(NOTES),
        },
        Detail {
            label: "parent",
            source: Source::Field(PARENT),
        },
        Detail {
            label: "owner",
            source: Source::Field(OWNER),
        },
        Detail {
            label: "created",
            source: Source::Field(CREATED),
        },
        Detail {
            label: "updated",
            source: Source::Field(UPDATED),
        },
    ],
    create: Some(FormSpec {
        title: "New organization",
        fields: &[DISPLAY_NAME, DOMAINS, EXTERNAL_REF, NOTES],
    }),
    edit: Some(FormSpec {
        title: "Edit",
        fields: &[DISPLAY_NAME, DOMAINS, EXTERNAL_REF, NOTES, STATUS],
    }),
    toggle: Some(Toggle {
        field: STATUS,
        phrase: ("suspend or reactivate", "suspending or reactivating"),
        on: ("suspended", "suspend"),
        off: ("active", "activate"),
    }),
    find: Some(Find {
        field: DOMAINS,
        verb: "lookup",
        arg: "DOMAIN",
        help: "Find the organization that owns a domain",
    }),
    tabs: TABS,
    search: &[DOMAINS, STATUS],
    delete_effect: "they will keep their accounts but lose their organization. Its domains will be freed.",
    dialogs: Some(NodeDialogs {
        on: DialogText {
            title: "Suspend {name}?",
            body: &[
                "{name} has {members} and {invites}.",
                "While suspended, nobody can be invited into it.",
            ],
            button: "Suspend",
            done: "Suspended {name}",
        },
        off: DialogText {
            title: "Reactivate {name}?",
            body: &["{name} becomes active again."],
            button: "Reactivate",
            done: "Reactivated {name}",
        },
        delete: DialogText {
            title: "Delete {name}?",
            body: &[
                "{name} has {members}; they will keep their accounts but lose their organization.",
                "Its domains ({domains}) are freed. This cannot be undone.",
                "Type the organization's name to confirm: {name}",
            ],
            button: "Delete",
            done: "Deleted {name}",
        },
    }),
    lazy: None,
    collected: None,
}];

/// In the order `:` completion lists them.
pub(super) static VIEWS: &[View] = &[
    View {
        id: PENDING,
        label: "pending invites",
        crumb: "Pending invites",
        command: "invites",
        cli: None,
        filter: PartyFilter {
            roles: &[],
            states: INVITED,
        },
        invite: Some(INVITE),
        lazy: None,
        columns: Some(INVITE_COLUMNS),
    },
    View {
        id: STAFF,
        label: "staff",
        crumb: "Staff",
        command: "staff",
        cli: None,
        // An invite from here starts on the first: agent.
        filter: PartyFilter {
            roles: &["agent", "admin"],
            states: &[],
        },
        invite: Some(INVITE),
        lazy: None,
        columns: None,
    },
    View {
        id: USERS,
        label: "all users",
        crumb: "Users",
        command: "users",
        cli: Some(ViewCli {
            command: "users",
            about: "Users: members, staff and pending invites",
            list: "List users, optionally filtered",
            show: "",
            columns: None,
            filters: &[
                CliFilter {
                    field: USER_STATUS,
                    id: "status",
                    long: "status",
                    value_name: None,
                    values: &["pending", "active", "suspended"],
                    repeat: true,
                    help: "Only users with this status (repeat for several)",
                },
                CliFilter {
                    help: "Only members of this organization",
                    ..ORG_FILTER
                },
                CliFilter {
                    field: TYPE,
                    id: "kind",
                    long: "type",
                    value_name: None,
                    values: &["admin", "agent", "customer"],
                    repeat: true,
                    help: "Only users of this type (repeat for several)",
                },
            ],
        }),
        filter: PartyFilter {
            roles: &[],
            states: &[],
        },
        invite: Some(INVITE),
        lazy: None,
        columns: None,
    },
];
